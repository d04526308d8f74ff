using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Seedance.Emulator;
using Seedance.Tests.Cmdlets;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Hardening;

/// <summary>
/// New-SeedanceRun -Batch under faults: a quarter of the batch creates lose their connection before the batch exists
/// and a quarter after, besides 429s, 5xx and truncated downloads. Lost answers are reconciled by client ref and the
/// batch they find, so every row still ends with exactly one run and its video, with idempotency on and off.
/// </summary>
[Collection("Module")]
public sealed class BatchFaultSoakTests : ConnectedModule
{
    private const int Rows = 300;
    private readonly ITestOutputHelper output;

    public BatchFaultSoakTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    protected override void Configure(EmulatorOptions options)
    {
        options.QueuedMs = 50;
        options.DispatchingMs = 20;
        options.RunningMs = 100;
        options.Concurrency = 60;
        options.VideoBytes = 32 * 1024;
        options.Fault429Rate = 0.10;
        options.Fault429RetryAfterShare = 0.5;
        options.Fault5xxRate = 0.05;
        options.FaultDropBeforeCommitRate = 0.25;
        options.FaultDropAfterCommitRate = 0.25;
        options.FaultTruncateRate = 0.05;
        options.UrlTtlSeconds = 3;
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
        // This emulator commits a create at once: a window of 1 s is its truth (see Connect-Seedance -CommitWindowSec).
        Run("Connect-Seedance -ApiKey $key -BaseUri $url -MaxRetries 8 -CommitWindowSec 1").AssertNoErrors();
        var result = Run("""
            1..$rows | ForEach-Object { [pscustomobject]@{ client_ref = "batch-soak-$_"; prompt = "Batch soak scene $_"; duration = '4' } } |
                New-SeedanceRun -Batch |
                Wait-SeedanceRun |
                Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -ThrottleLimit 8
            """, new Dictionary<string, object?> { ["rows"] = Rows });
        clock.Stop();

        var stats = Emulator.GetStats();
        output.WriteLine($"-Batch, idempotency {(idempotencyOff ? "off" : "on")}: {clock.Elapsed.TotalSeconds:0.0} s; {result.Output.Count} saved, " +
                         $"{result.Errors.Count} error records; batch requests {stats.Requests("POST /v1/models/{model}/batches")}, " +
                         $"single creates {stats.Requests("POST /v1/models/{model}/runs")}, batch reads {stats.Requests("GET /v1/batches/{id}")}");
        output.WriteLine("faults survived: " + string.Join(", ", stats.FaultsInjected.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}")));
        output.WriteLine($"runs created {stats.RunsCreated}, idempotent replays {stats.IdempotentReplays}");

        result.AssertNoErrors();
        Assert.True(stats.Faults("drop_before_commit") + stats.Faults("drop_after_commit") > 0, "no batch create lost its answer");
        Assert.Equal(0, stats.Requests("POST /v1/models/{model}/runs"));
        Assert.Equal(Rows, stats.RunsCreated);
        Assert.Empty(stats.DuplicateClientRefs);
        for (var row = 1; row <= Rows; row++)
        {
            var runId = Assert.Single(Emulator.RunIdsForClientRef("batch-soak-" + row));
            Assert.Equal(Emulator.GetVideoBytes(runId), File.ReadAllBytes(Path.Combine(Directory, $"batch-soak-{row}.mp4")));
        }
    }
}
