using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Seedance.Emulator;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Hardening;

/// <summary>
/// The whole CSV pipeline of 200 rows against an emulator that injects every fault at once, then the same CSV again
/// after the credit is topped up: every row ends with exactly one run and its video on disk, byte-identical.
/// </summary>
[Collection("Module")]
public sealed class FaultSoakTests : FaultSoak
{
    private const int RowCount = 200;

    public FaultSoakTests(ITestOutputHelper output)
        : base(output)
    {
    }

    protected override void ConfigureSoak(EmulatorOptions options)
    {
        options.Concurrency = 40;
        options.VideoBytes = 64 * 1024;
        options.FaultDropBeforeCommitRate = 0.01;
        options.FaultDropAfterCommitRate = 0.01;
        options.Seed = 2026;
        // Enough credit for about 60 of the 200 runs: a stretch of 402 follows until the balance is topped up.
        options.Balance = 60m;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_hundred_rows_survive_every_fault_and_finish_with_one_run_each(bool idempotencyOff)
    {
        Emulator.Options.NoIdempotency = idempotencyOff;
        var pipeline = Rows("soak-", "Soak scene", """
                New-SeedanceRun -Fast -ThrottleLimit 8 SKIP |
                Wait-SeedanceRun |
                Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -ThrottleLimit 8
            """);
        var variables = new Dictionary<string, object?> { ["rows"] = RowCount };
        var clock = Stopwatch.StartNew();

        ConnectForFaults();
        var first = Run(pipeline.Replace("SKIP", string.Empty), variables);
        var creditErrors = first.Errors.Count(error => error.FullyQualifiedErrorId.StartsWith("Seedance.InsufficientCredit,", StringComparison.Ordinal));
        Emulator.TopUpBalance(1000m);
        // A create whose answer a 5xx or a dropped connection lost cannot be proven absent on a server that ignores
        // Idempotency-Key once no later run can show the search caught up (the last rows): such a row ends
        // CreateOutcomeUnknown unless the user accepts the resend. This emulator's search never lags, so a run it does
        // not show does not exist, and the soak accepts the resend; RunsCreated == RowCount below proves it paid once.
        var second = Run(pipeline.Replace("SKIP", idempotencyOff ? "-SkipExisting -ResendUnknown" : "-SkipExisting"), variables);
        clock.Stop();

        var stats = Emulator.GetStats();
        Output.WriteLine($"idempotency {(idempotencyOff ? "off" : "on")}: {clock.Elapsed.TotalSeconds:0.0} s; first pass {first.Output.Count} saved, " +
                         $"{first.Errors.Count} error records ({creditErrors} for credit); second pass {second.Output.Count} saved or skipped, {second.Errors.Count} error records");
        WriteStats(stats);

        Assert.True(creditErrors > 0, "the 402 stretch was reached");
        Assert.All(first.Errors, error => Assert.True(error.ToString().Contains("client ref 'soak-"),
            "an error that does not name its row: " + error.FullyQualifiedErrorId + " " + error));
        second.AssertNoErrors();
        AssertOneRunAndItsVideoPerRow(stats, "soak-", RowCount);
        Assert.Equal(RowCount, SavedFolder.Files(Directory).Length);
        Assert.Equal(0, stats.AuthorizationHeadersOnFileOrigin);
        Assert.True(stats.Faults("429") > 0 && stats.Faults("429_retry_after") > 0 && stats.Faults("truncated_download") > 0);
        Assert.True(stats.Faults("500") + stats.Faults("502") + stats.Faults("503") > 0, "no 5xx was injected");
        Assert.True(stats.Faults("drop_before_commit") + stats.Faults("drop_after_commit") > 0, "no create lost its connection");
    }
}
