using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Seedance.Emulator;
using Seedance.Engine;
using Seedance.Tests.Integration;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>The module imported in a runspace that is connected to its own in-process emulator. Cmdlet tests share the
/// process-wide default session, so they run one at a time (the "Module" collection).</summary>
public abstract class ConnectedModule : IAsyncLifetime
{
    private Emulated? emulated;
    private ModuleRunspace? shell;

    protected RunflowEmulator Emulator => emulated!.Emulator;

    protected ModuleRunspace Shell => shell!;

    protected string Directory { get; } = Path.Combine(Path.GetTempPath(), "seedance-cmdlets-" + Guid.NewGuid().ToString("N"));

    /// <summary>Whether the runspace has the shell's own modules (only where the PowerShell SDK is referenced).</summary>
    protected virtual bool FullShell => false;

    /// <summary>Whether the runspace's host has a console window (and so gets the module's progress bar).</summary>
    protected virtual bool ConsoleWindow => false;

    /// <summary>How many times faster than real time the emulator and the connected session run. The production
    /// backoff, polling and commit window then pass in a twentieth of their real time, on one clock that both sides
    /// read. A test class that needs real time (a request timeout, which the HTTP client measures in real seconds, or a
    /// redraw rate) overrides it with 1.</summary>
    protected virtual double TimeFactor => 20;

    /// <summary>The compressed clock of the emulator and the session, when <see cref="TimeFactor"/> is above 1.</summary>
    protected CompressedClock? Clock { get; private set; }

    protected virtual void Configure(EmulatorOptions options)
    {
    }

    /// <summary>Extra Connect-Seedance parameters (for example a commit window that fits the emulator's settings).</summary>
    protected virtual string ConnectArguments => string.Empty;

    public async Task InitializeAsync()
    {
        Clock = TimeFactor > 1 ? new CompressedClock(TimeFactor) : null;
        emulated = await Emulated.StartAsync(Configure, Clock);
        shell = new ModuleRunspace(fullShell: FullShell, consoleWindow: ConsoleWindow);
        if (Clock is not null)
        {
            shell.UseClock(Clock);
        }

        var connected = Run("Connect-Seedance -ApiKey $key -BaseUri $url " + ConnectArguments);
        Assert.True(connected.Errors.Count == 0 && connected.TerminatingError is null, "Connect-Seedance failed: " + connected.TerminatingError);
    }

    public async Task DisposeAsync()
    {
        shell?.Run("Disconnect-Seedance");
        shell?.Dispose();
        if (emulated is not null)
        {
            await emulated.DisposeAsync();
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, true);
        }
    }

    /// <summary>Runs a script with $key, $url, $dir (and any extra variables) defined.</summary>
    protected ScriptResult Run(string script, IDictionary<string, object?>? variables = null)
    {
        var all = new Dictionary<string, object?>
        {
            ["key"] = Emulator.ApiKey,
            ["url"] = Emulator.ApiUrl.ToString(),
            ["dir"] = Directory,
        };
        if (variables is not null)
        {
            foreach (var pair in variables)
            {
                all[pair.Key] = pair.Value;
            }
        }

        return Shell.Run(script, all);
    }
}

[CollectionDefinition("Module", DisableParallelization = true)]
public sealed class ModuleCollection
{
}
