using System;

namespace Seedance.Engine;

/// <summary>A destination folder or file could not be written; <see cref="Problem"/> says why in the system's terms.</summary>
public sealed class RunflowDestinationException : RunflowException
{
    public RunflowDestinationException(string path, FileSystemProblem problem, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The folder or file that could not be written.</summary>
    public string Path { get; }

    public FileSystemProblem Problem { get; }

    /// <summary>A problem of the whole folder or file system (every later file would meet it too), not of one file.</summary>
    public bool AffectsEveryFile => Problem is FileSystemProblem.ReadOnlyFileSystem or FileSystemProblem.DiskFull or FileSystemProblem.NotADirectory;
}
