namespace Seedance.Engine;

/// <summary>Why a destination could not be written, as the operating system told it.</summary>
public enum FileSystemProblem
{
    /// <summary>A failure the system did not explain in one of the terms below.</summary>
    Other,

    /// <summary>The file system is mounted read-only (EROFS, or a write-protected medium on Windows).</summary>
    ReadOnlyFileSystem,

    /// <summary>The user may not write there (EACCES/EPERM, access denied).</summary>
    PermissionDenied,

    /// <summary>No space, or no quota, is left (ENOSPC/EDQUOT, ERROR_DISK_FULL).</summary>
    DiskFull,

    /// <summary>A part of the path is a file, not a folder (ENOTDIR).</summary>
    NotADirectory,

    /// <summary>Another process has the file open for writing (a second save of the same run).</summary>
    InUse,
}
