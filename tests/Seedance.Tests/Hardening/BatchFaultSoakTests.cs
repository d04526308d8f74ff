using System.Collections.Generic;
using System.Diagnostics;
using Seedance.Emulator;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Hardening;

/// <summary>
/// New-SeedanceRun -Batch under faults: a quarter of the batch creates lose their connection before the batch exists
/// and a quarter after, besides 429s, 5xx and truncated downloads. Lost answers are reconciled by client ref and the
/// batch they find, so every row still ends with exactly one run and its video, with idempotency on and off.
/// </summary>
[Collection("Module")]
public sealed class BatchFaultSoakTests : FaultSoak
{
    private const int RowCount = 300;

    public BatchFaultSoakTests(ITestOutputHelper output)
        : base(output)
    {
    }

    protected override void ConfigureSoak(EmulatorOptions options)
    {
        options.Concurrency = 60;
        options.VideoBytes = 32 * 1024;
        options.FaultDropBeforeCommitRate = 0.25;
        options.FaultDropAfterCommitRate = 0.25;
        options.Seed = 7;
        options.Balance = 100000m;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Three_hundred_rows_in_batches_survive_lost_answers_with_one_run_each(bool idempotencyOff)
    {
        Emulator.Options.NoIdempotency = idempotencyOff;
        var clock = Stopwatch.StartNew();
        ConnectForFaults();
        var result = Run(Rows("batch-soak-", "Batch soak scene", """
                New-SeedanceRun -Batch |
                Wait-SeedanceRun |
                Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -ThrottleLimit 8
            """), new Dictionary<string, object?> { ["rows"] = RowCount });
        clock.Stop();

        var stats = Emulator.GetStats();
        Output.WriteLine($"-Batch, idempotency {(idempotencyOff ? "off" : "on")}: {clock.Elapsed.TotalSeconds:0.0} s; {result.Output.Count} saved, " +
                         $"{result.Errors.Count} error records; batch requests {stats.Requests("POST /v1/models/{model}/batches")}, " +
                         $"single creates {stats.Requests("POST /v1/models/{model}/runs")}, batch reads {stats.Requests("GET /v1/batches/{id}")}");
        WriteStats(stats);

        result.AssertNoErrors();
        Assert.True(stats.Faults("drop_before_commit") + stats.Faults("drop_after_commit") > 0, "no batch create lost its answer");
        Assert.Equal(0, stats.Requests("POST /v1/models/{model}/runs"));
        AssertOneRunAndItsVideoPerRow(stats, "batch-soak-", RowCount);
    }
}
