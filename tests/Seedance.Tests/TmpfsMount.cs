using System;
using System.Diagnostics;
using System.IO;

namespace Seedance.Tests;

/// <summary>
/// A small tmpfs mounted for one test: read-only, or tiny so it fills up. As root a chmod does not stop writes, so a
/// read-only or full file system is the only honest way to meet EROFS and ENOSPC. Tests that need one call
/// <see cref="TryMount"/> and, where mounting is not permitted (no root, a container without CAP_SYS_ADMIN, not
/// Linux), return without asserting anything, saying so in their output.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Mounts a tmpfs at <paramref name="path"/> (created when missing) with <paramref name="options"/>
    /// (e.g. "ro,size=1m"); null, with the reason in <paramref name="whyNot"/>, when that is not possible here.</summary>
    public static TmpfsMount? TryMount(string path, string options, out string whyNot)
    {
        whyNot = string.Empty;
        if (!OperatingSystem.IsLinux())
        {
            whyNot = "tmpfs mounts need Linux";
            return null;
        }

        Directory.CreateDirectory(path);
        var (code, output) = Execute("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
        if (code != 0)
        {
            whyNot = $"mount -t tmpfs -o {options} failed ({code}): {output.Trim()}";
            return null;
        }

        return new TmpfsMount(path);
    }

    /// <summary>Fills the file system to its last byte.</summary>
    public void Fill()
    {
        using var stream = new FileStream(System.IO.Path.Combine(Path, "filler.bin"), FileMode.Create, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block, 0, block.Length);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    public void Dispose()
    {
        if (Execute("umount", Path).Code != 0)
        {
            Execute("umount", "-l", Path);
        }
    }

    private static (int Code, string Output) Execute(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, exception.Message);
        }
    }
}
