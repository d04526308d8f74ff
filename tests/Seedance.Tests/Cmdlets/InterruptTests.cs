using System;
using System.Linq;
using Xunit;

namespace Seedance.Tests.Cmdlets;

[Collection("Module")]
public sealed class InterruptTests : ConnectedModule
{
    // The stop must land while creates are held in flight, and "promptly" is real time: so is the emulator's hold.
    protected override double TimeFactor => 1;

    [Fact]
    public void Ctrl_c_while_submitting_stops_promptly_and_says_which_runs_exist_or_may_exist()
    {
        Emulator.Options.FaultSlowRate = 1;
        Emulator.Options.FaultSlowMs = 1500;

        var (result, stopTook) = Shell.RunAndStop(
            "1..6 | ForEach-Object { [pscustomobject]@{ prompt = \"scene $_\"; client_ref = \"stop-$_\" } } | New-SeedanceRun -ThrottleLimit 2",
            output => output.Count >= 2, TimeSpan.FromSeconds(20));

        Assert.True(stopTook < TimeSpan.FromSeconds(10), "stopping hung for " + stopTook);
        var created = result.Output.Select(run => run.Property<string>("Id")).ToList();
        Assert.True(created.Count >= 2);
        var warning = Assert.Single(Shell.Host.Lines, line => line.StartsWith("WARNING: Stopped.", StringComparison.Ordinal));
        Assert.All(created, id => Assert.Contains(id, warning));
        Assert.Contains("Get-SeedanceRun", warning);
        var refs = Enumerable.Range(1, 6).Select(index => "stop-" + index).Where(clientRef => Emulator.RunIdsForClientRef(clientRef).Count > 0).ToList();
        Assert.All(refs, clientRef => Assert.Single(Emulator.RunIdsForClientRef(clientRef)));
        Assert.True(refs.Count < 6, "the stop happened before every row was submitted");
    }
}
