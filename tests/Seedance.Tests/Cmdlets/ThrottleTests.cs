using Seedance.Emulator;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>-ThrottleLimit seen from the server: New-SeedanceRun keeps that many creates in flight, never more.</summary>
[Collection("Module")]
public sealed class ThrottleTests : ConnectedModule
{
    private const string Create = "POST /v1/models/{model}/runs";

    // The 150 ms hold must make creates overlap in real time (the server counts what is in flight at once).
    protected override double TimeFactor => 1;

    protected override void Configure(EmulatorOptions options)
    {
        // Every API answer takes 150 ms, so creates that may overlap do.
        options.FaultSlowRate = 1.0;
        options.FaultSlowMs = 150;
    }

    [Fact]
    public void New_SeedanceRun_keeps_throttle_limit_creates_in_flight_and_no_more()
    {
        var one = Run("1..4 | ForEach-Object { \"one at a time $_\" } | New-SeedanceRun -ThrottleLimit 1");
        var peakWithOne = Emulator.GetStats().PeakInFlight(Create);
        var three = Run("1..12 | ForEach-Object { \"three at a time $_\" } | New-SeedanceRun -ThrottleLimit 3");
        var peakWithThree = Emulator.GetStats().PeakInFlight(Create);

        one.AssertNoErrors();
        three.AssertNoErrors();
        Assert.Equal(16, Emulator.GetStats().RunsCreated);
        Assert.Equal(1, peakWithOne);
        Assert.InRange(peakWithThree, 2, 3);
    }
}
