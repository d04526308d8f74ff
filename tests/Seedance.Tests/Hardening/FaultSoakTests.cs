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
/// The whole CSV pipeline of 200 rows against an emulator that injects every fault at once, then the same CSV again
/// after the credit is topped up: every row ends with exactly one run and its video on disk, byte-identical.
/// </summary>
[Collection("Module")]
public sealed class FaultSoakTests : ConnectedModule
{
    private const int Rows = 200;
    private readonly ITestOutputHelper output;

    public FaultSoakTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    protected override void Configure(EmulatorOptions options)
    {
        options.QueuedMs = 50;
        options.DispatchingMs = 20;
        options.RunningMs = 100;
        options.Concurrency = 40;
        options.VideoBytes = 64 * 1024;
        options.Fault429Rate = 0.10;
        options.Fault429RetryAfterShare = 0.5;
        options.Fault5xxRate = 0.05;
        options.FaultDropBeforeCommitRate = 0.01;
        options.FaultDropAfterCommitRate = 0.01;
        options.FaultTruncateRate = 0.05;
        options.UrlTtlSeconds = 3;
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
        var pipeline = """
            1..$rows | ForEach-Object { [pscustomobject]@{ client_ref = "soak-$_"; prompt = "Soak scene $_"; duration = '4' } } |
                New-SeedanceRun -Fast -ThrottleLimit 8 SKIP |
                Wait-SeedanceRun |
                Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -ThrottleLimit 8
            """;
        var variables = new Dictionary<string, object?> { ["rows"] = Rows };
        var clock = Stopwatch.StartNew();

        // 15% of requests fail: with the default 5 attempts, some request of 200 rows fails five times in a row about once
        // in 70 soaks; a runbook facing such an API raises the budget the same way.
        // This emulator commits a create at once: a window of 1 s is its truth (see Connect-Seedance -CommitWindowSec).
        Run("Connect-Seedance -ApiKey $key -BaseUri $url -MaxRetries 8 -CommitWindowSec 1").AssertNoErrors();
        var first = Run(pipeline.Replace("SKIP", string.Empty), variables);
        var creditErrors = first.Errors.Count(error => error.FullyQualifiedErrorId.StartsWith("Seedance.InsufficientCredit,", StringComparison.Ordinal));
        Emulator.TopUpBalance(1000m);
        // A create whose answer a 5xx or a dropped connection lost cannot be proven absent on a server that ignores
        // Idempotency-Key once no later run can show the search caught up (the last rows): such a row ends
        // CreateOutcomeUnknown unless the user accepts the resend. This emulator's search never lags, so a run it does
        // not show does not exist, and the soak accepts the resend; RunsCreated == Rows below proves it paid once.
        var second = Run(pipeline.Replace("SKIP", idempotencyOff ? "-SkipExisting -ResendUnknown" : "-SkipExisting"), variables);
        clock.Stop();

        var stats = Emulator.GetStats();
        output.WriteLine($"idempotency {(idempotencyOff ? "off" : "on")}: {clock.Elapsed.TotalSeconds:0.0} s; first pass {first.Output.Count} saved, " +
                         $"{first.Errors.Count} error records ({creditErrors} for credit); second pass {second.Output.Count} saved or skipped, {second.Errors.Count} error records");
        output.WriteLine("faults survived: " + string.Join(", ", stats.FaultsInjected.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}")));
        output.WriteLine($"runs created {stats.RunsCreated}, idempotent replays {stats.IdempotentReplays}, file bytes {stats.FileBytesServed:N0}");

        Assert.True(creditErrors > 0, "the 402 stretch was reached");
        Assert.All(first.Errors, error => Assert.True(error.ToString().Contains("client ref 'soak-"),
            "an error that does not name its row: " + error.FullyQualifiedErrorId + " " + error));
        second.AssertNoErrors();
        Assert.Equal(Rows, stats.RunsCreated);
        Assert.Empty(stats.DuplicateClientRefs);
        for (var row = 1; row <= Rows; row++)
        {
            var runId = Assert.Single(Emulator.RunIdsForClientRef("soak-" + row));
            Assert.Equal(Emulator.GetVideoBytes(runId), File.ReadAllBytes(Path.Combine(Directory, $"soak-{row}.mp4")));
        }

        Assert.Equal(Rows, SavedFolder.Files(Directory).Length);
        Assert.Equal(0, stats.AuthorizationHeadersOnFileOrigin);
        Assert.True(stats.Faults("429") > 0 && stats.Faults("429_retry_after") > 0 && stats.Faults("truncated_download") > 0);
        Assert.True(stats.Faults("500") + stats.Faults("502") + stats.Faults("503") > 0, "no 5xx was injected");
        Assert.True(stats.Faults("drop_before_commit") + stats.Faults("drop_after_commit") > 0, "no create lost its connection");
    }
}
