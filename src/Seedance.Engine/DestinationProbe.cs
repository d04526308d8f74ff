using System;
using System.IO;

namespace Seedance.Engine;

/// <summary>
/// Proves, before anything is paid for, that videos can be written to a folder: the folder is created, and a probe file
/// of <see cref="ProbeBytes"/> is written and removed. A read-only mount, a folder the user may not write, a path
/// through a file and a full file system all fail here, with the cause in words, instead of after the runs were made.
/// </summary>
public static class DestinationProbe
{
    /// <summary>Enough to meet ENOSPC on a full file system (a zero-byte file would still be created there).</summary>
    public const int ProbeBytes = 64 * 1024;

    private const string ProbePrefix = ".seedance-probe-";
    private const string ProbeExtension = ".tmp";

    /// <summary>Whether <paramref name="fileName"/> is a probe's name: a leading dot, which no video name has, and a
    /// 32-digit id, so it never collides with anything a user or another probe wrote.</summary>
    public static bool IsProbeName(string fileName) =>
        fileName.StartsWith(ProbePrefix, StringComparison.Ordinal) && fileName.EndsWith(ProbeExtension, StringComparison.Ordinal)
        && fileName.Length == ProbePrefix.Length + 32 + ProbeExtension.Length
        && TemporaryFile.IsLowerHex(fileName.Substring(ProbePrefix.Length, 32));

    /// <summary>Creates <paramref name="directory"/> when missing; a file in its way is named.</summary>
    public static void CreateFolder(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            throw new RunflowDestinationException(full, FileSystemProblem.NotADirectory, $"Creating the folder '{full}' failed: it is a file, not a folder.");
        }

        if (FileSystemFailures.FileInPath(full) is { } file)
        {
            throw new RunflowDestinationException(full, FileSystemProblem.NotADirectory,
                $"Creating the folder '{full}' failed: '{file}' is a file, not a folder.");
        }

        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            throw FileSystemFailures.Wrap(full, "Creating the folder", exception);
        }
    }

    /// <summary>Creates the folder and writes and removes a probe file in it; throws
    /// <see cref="RunflowDestinationException"/> naming the cause when either fails.</summary>
    public static void EnsureWritable(string directory)
    {
        var full = Path.GetFullPath(directory);
        CreateFolder(full);
        var probe = Path.Combine(full, ProbePrefix + Guid.NewGuid().ToString("N") + ProbeExtension);
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            stream.Write(new byte[ProbeBytes], 0, ProbeBytes);
            stream.Flush();
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            TryDelete(probe);
            throw FileSystemFailures.Wrap(full, "Writing to the folder", exception);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            // The probe may never have been created; a leftover one is removed with the other leftovers later.
        }
    }
}
