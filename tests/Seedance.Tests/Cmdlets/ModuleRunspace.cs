using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Tests.Cmdlets;

/// <summary>
/// A real PowerShell runspace with the built module (out/Seedance) imported, as a user would have it. In Seedance.Tests
/// only the engine's core cmdlets exist besides Seedance's (no Microsoft.PowerShell.Utility), so scripts build rows with
/// [pscustomobject]; Seedance.Shell.Tests, which carries the PowerShell SDK, asks for the full shell instead.
/// </summary>
public sealed class ModuleRunspace : IDisposable
{
    private readonly Runspace runspace;
    private bool usesOwnClock;

    /// <param name="consoleWindow">Gives the host a console window, so the module takes it for an interactive console.</param>
    public ModuleRunspace(bool importModule = true, bool fullShell = false, bool consoleWindow = false)
    {
        Host = new CapturingHost(consoleWindow);
        // CreateDefault adds the shell's own cmdlets (Import-Csv, Start-Transcript...) where their assemblies are present.
        var state = fullShell ? InitialSessionState.CreateDefault() : InitialSessionState.CreateDefault2();
        runspace = RunspaceFactory.CreateRunspace(Host, state);
        runspace.Open();
        if (importModule)
        {
            var result = Run("Import-Module $path -ErrorAction Stop", new Dictionary<string, object?> { ["path"] = ModuleManifestPath });
            if (result.TerminatingError is not null || result.Errors.Count > 0)
            {
                throw new InvalidOperationException("Import-Module failed: " + result.TerminatingError + string.Join("; ", result.Errors));
            }
        }
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ModuleDirectory => Path.Combine(RepositoryRoot, "out", "Seedance");

    public static string ModuleManifestPath => Path.Combine(ModuleDirectory, "Seedance.psd1");

    public Runspace Runspace => runspace;

    /// <summary>The console this runspace writes to (WhatIf lines, host warnings).</summary>
    public CapturingHost Host { get; }

    /// <summary>Runs a script to the end and returns what every stream carried; a terminating error is captured, not thrown.</summary>
    public ScriptResult Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var shell = Create(script, variables);
        try
        {
            var output = shell.Invoke();
            return new ScriptResult(output.ToList(), shell.Streams, null);
        }
        catch (RuntimeException exception)
        {
            return new ScriptResult(Array.Empty<PSObject>(), shell.Streams, exception.ErrorRecord?.FullyQualifiedErrorId + ": " + exception.Message);
        }
    }

    /// <summary>Starts a script, lets it run until <paramref name="stopWhen"/> holds (or the wait runs out), then stops it as
    /// Ctrl+C would; returns what it wrote and how long stopping took.</summary>
    public (ScriptResult Result, TimeSpan StopTook) RunAndStop(string script, Func<PSDataCollection<PSObject>, bool> stopWhen, TimeSpan maxWait,
        IDictionary<string, object?>? variables = null)
    {
        using var shell = Create(script, variables);
        var output = new PSDataCollection<PSObject>();
        var handle = shell.BeginInvoke<PSObject, PSObject>(null, output);
        var waitUntil = DateTime.UtcNow + maxWait;
        while (!stopWhen(output) && !handle.IsCompleted && DateTime.UtcNow < waitUntil)
        {
            Thread.Sleep(20);
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        shell.Stop();
        stopwatch.Stop();
        string? terminating = null;
        try
        {
            shell.EndInvoke(handle);
        }
        catch (Exception exception) when (exception is PipelineStoppedException or RuntimeException)
        {
            terminating = exception.Message;
        }

        return (new ScriptResult(output.ToList(), shell.Streams, terminating), stopwatch.Elapsed);
    }

    /// <summary>Makes the sessions that Connect-Seedance connects in this runspace from now on run on
    /// <paramref name="clock"/> (null: the system clock again), through the module's test-only seam.</summary>
    public void UseClock(Seedance.Engine.EngineClock? clock)
    {
        var result = Run(
            "$seam = [Seedance.SeedanceSession].Assembly.GetType('Seedance.Infrastructure.SeedanceSessionClock', $true)\n" +
            "$null = $seam.GetMethod('SetForRunspace', [System.Reflection.BindingFlags]'NonPublic,Static').Invoke($null, @($id, $clock))",
            new Dictionary<string, object?> { ["id"] = runspace.InstanceId, ["clock"] = clock });
        if (result.TerminatingError is not null || result.Errors.Count > 0)
        {
            throw new InvalidOperationException("Setting the session clock failed: " + result.TerminatingError + string.Join("; ", result.Errors));
        }

        usesOwnClock = clock is not null;
    }

    private PowerShell Create(string script, IDictionary<string, object?>? variables)
    {
        var shell = PowerShell.Create();
        shell.Runspace = runspace;
        if (variables is not null)
        {
            foreach (var pair in variables)
            {
                runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
            }
        }

        shell.AddScript(script);
        return shell;
    }

    public void Dispose()
    {
        if (usesOwnClock && runspace.RunspaceStateInfo.State == RunspaceState.Opened)
        {
            // Only tidiness: an entry left behind is keyed by a runspace that no longer exists.
            UseClock(null);
        }

        runspace.Dispose();
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Seedance.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Seedance.sln not found above " + AppContext.BaseDirectory);
    }
}
