using System;
using System.IO;

namespace Seedance.Engine;

/// <summary>
/// Reads the cause out of a local file-system exception. .NET reports EROFS, ENOSPC and EDQUOT as a plain IOException
/// whose HResult is the raw errno on Unix (a Win32 error in an HRESULT on Windows), and ENOTDIR as "part of the path
/// not found", so the cause has to be recovered from the number, or, for ENOTDIR, from the path itself.
/// </summary>
internal static class FileSystemFailures
{
    private const int UnixPermissionDenied = 13;
    private const int UnixNoSpace = 28;
    private const int UnixReadOnly = 30;
    private const int UnixNotADirectory = 20;
    private const int LinuxQuotaExceeded = 122;
    private const int MacQuotaExceeded = 69;
    private const int LinuxWouldBlock = 11;
    private const int MacWouldBlock = 35;
    private const int WindowsWriteProtected = unchecked((int)0x80070013);
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsSharingViolation = unchecked((int)0x80070020);
    private const int WindowsLockViolation = unchecked((int)0x80070021);

    /// <summary>Whether <paramref name="exception"/> is what a local file operation throws (not a network failure).</summary>
    public static bool IsLocal(Exception exception) => exception is IOException or UnauthorizedAccessException or System.Security.SecurityException;

    public static FileSystemProblem Classify(Exception exception, string? path = null)
    {
        if (exception is UnauthorizedAccessException or System.Security.SecurityException)
        {
            return FileSystemProblem.PermissionDenied;
        }

        switch (exception.HResult)
        {
            case UnixReadOnly:
            case WindowsWriteProtected:
                return FileSystemProblem.ReadOnlyFileSystem;
            case UnixNoSpace:
            case LinuxQuotaExceeded:
            case MacQuotaExceeded:
            case WindowsDiskFull:
            case WindowsHandleDiskFull:
                return FileSystemProblem.DiskFull;
            case UnixPermissionDenied:
                return FileSystemProblem.PermissionDenied;
            case UnixNotADirectory:
                return FileSystemProblem.NotADirectory;
            case LinuxWouldBlock:
            case MacWouldBlock:
            case WindowsSharingViolation:
            case WindowsLockViolation:
                return FileSystemProblem.InUse;
        }

        return path is not null && FileInPath(path) is not null ? FileSystemProblem.NotADirectory : FileSystemProblem.Other;
    }

    /// <summary>The nearest existing part of <paramref name="path"/> (itself excluded) when that part is a file: the
    /// reason a folder cannot be made or written below it.</summary>
    public static string? FileInPath(string path)
    {
        var current = Path.GetDirectoryName(Path.GetFullPath(path));
        while (!string.IsNullOrEmpty(current))
        {
            if (File.Exists(current))
            {
                return current;
            }

            if (Directory.Exists(current))
            {
                return null;
            }

            current = Path.GetDirectoryName(current);
        }

        return null;
    }

    public static string Describe(FileSystemProblem problem) => problem switch
    {
        FileSystemProblem.ReadOnlyFileSystem => "the file system is read-only",
        FileSystemProblem.PermissionDenied => "permission denied",
        FileSystemProblem.DiskFull => "the disk is full",
        FileSystemProblem.NotADirectory => "a part of the path is a file, not a folder",
        FileSystemProblem.InUse => "another process is writing it",
        _ => "the system refused",
    };

    /// <summary>A <see cref="RunflowDestinationException"/> for <paramref name="path"/> that says what was being done
    /// (<paramref name="doing"/>, e.g. "Writing the video of run X to"), the cause in words, and the system's message.</summary>
    public static RunflowDestinationException Wrap(string path, string doing, Exception exception)
    {
        var problem = Classify(exception, path);
        var detail = problem == FileSystemProblem.NotADirectory && FileInPath(path) is { } file
            ? $"'{file}' is a file, not a folder"
            : Describe(problem);
        return new RunflowDestinationException(path, problem, $"{doing} '{path}' failed: {detail} ({exception.Message}).", exception);
    }
}
