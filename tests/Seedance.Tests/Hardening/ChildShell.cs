using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;
using Seedance.Tests.Cmdlets;

namespace Seedance.Tests.Hardening;

/// <summary>A real pwsh (the repository's .NET tool, from its manifest) in a process of its own, running a script with
/// the module imported; it can be killed like any process, kill -9 included.</summary>
internal sealed class ChildShell : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder errors = new();
    private readonly StringBuilder standardOutput = new();
    private readonly TaskCompletionSource<string> halted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildShell(Process process)
    {
        this.process = process;
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (errors)
            {
                errors.AppendLine(line.Data);
            }

            if (line.Data.StartsWith("SEEDANCE-HALTED ", StringComparison.Ordinal))
            {
                halted.TrySetResult(line.Data.Substring("SEEDANCE-HALTED ".Length));
            }
        };
        process.OutputDataReceived += (_, line) =>
        {
            lock (standardOutput)
            {
                standardOutput.AppendLine(line.Data);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    public string Output
    {
        get
        {
            lock (standardOutput)
            {
                return standardOutput.ToString();
            }
        }
    }

    public static ChildShell Start(string script, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ModuleRunspace.RepositoryRoot,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command",
                     $"$ErrorActionPreference = 'Continue'; Import-Module '{ModuleRunspace.ModuleManifestPath}'; {script}" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var pair in environment)
        {
            start.Environment[pair.Key] = pair.Value;
        }

        return new ChildShell(Process.Start(start) ?? throw new InvalidOperationException("dotnet pwsh did not start."));
    }

    /// <summary>Waits for the process to stop at its halt point; the name of the point, or null if it ended first.</summary>
    public async Task<string?> WaitForHaltAsync(TimeSpan limit)
    {
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(halted.Task, exited, Task.Delay(limit));
        return first == halted.Task ? halted.Task.Result : null;
    }

    /// <summary>SIGKILL: no finally block, no flush, no disposal runs.</summary>
    public void KillHard()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public bool WaitForExit(TimeSpan limit)
    {
        if (!process.WaitForExit((int)limit.TotalMilliseconds))
        {
            return false;
        }

        process.WaitForExit();
        return true;
    }

    public int ExitCode => process.ExitCode;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
