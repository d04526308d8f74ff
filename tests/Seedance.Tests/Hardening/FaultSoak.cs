using System.IO;
using System.Linq;
using Seedance.Emulator;
using Seedance.Tests.Cmdlets;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Hardening;

/// <summary>
/// What the fault soaks share: an emulator that injects 429s (half with Retry-After), 5xx and truncated downloads
/// besides each soak's own faults, a session that allows for them, on compressed time, and the checks that every row
/// ended with exactly one run and its video on disk, byte-identical.
/// </summary>
/// <remarks>The soaks keep the production retry, polling and commit-window policy; only its waits are compressed (the
/// emulator and the session share one clock, so the server's timestamps and the client's windows agree). A factor of
/// 10, not the 20 of other module tests: it turns the 1-32 s backoffs into 0.1-3.2 s and leaves the presigned URLs'
/// 3 s 300 ms of real time, so that a URL refreshed under a loaded machine's latency (which compression does not
/// shorten) still outlives the start of its download, as it does on real time.</remarks>
public abstract class FaultSoak : ConnectedModule
{
    protected FaultSoak(ITestOutputHelper output)
    {
        Output = output;
    }

    protected ITestOutputHelper Output { get; }

    protected override double TimeFactor => 10;

    protected sealed override void Configure(EmulatorOptions options)
    {
        options.QueuedMs = 50;
        options.DispatchingMs = 20;
        options.RunningMs = 100;
        options.Fault429Rate = 0.10;
        options.Fault429RetryAfterShare = 0.5;
        options.Fault5xxRate = 0.05;
        options.FaultTruncateRate = 0.05;
        options.UrlTtlSeconds = 3;
        ConfigureSoak(options);
    }

    /// <summary>The soak's own settings: its concurrency, video size, lost connections, seed and credit.</summary>
    protected abstract void ConfigureSoak(EmulatorOptions options);

    /// <summary>Connects with a retry budget and commit window that fit this emulator.</summary>
    protected void ConnectForFaults()
    {
        // 15% of requests fail: with the default 5 attempts, some request of a few hundred rows fails five times in a
        // row about once in 70 soaks; a runbook facing such an API raises the budget the same way. This emulator commits
        // a create at once: a window of 1 s is its truth (see Connect-Seedance -CommitWindowSec).
        Run("Connect-Seedance -ApiKey $key -BaseUri $url -MaxRetries 8 -CommitWindowSec 1").AssertNoErrors();
    }

    /// <summary>The rows 1..$rows as objects with client_ref "{prefix}N", piped to the given pipeline.</summary>
    protected static string Rows(string prefix, string promptPrefix, string pipeline) =>
        $"1..$rows | ForEach-Object {{ [pscustomobject]@{{ client_ref = \"{prefix}$_\"; prompt = \"{promptPrefix} $_\"; duration = '4' }} }} |\n" + pipeline;

    protected void WriteStats(EmulatorStats stats)
    {
        Output.WriteLine("faults survived: " + string.Join(", ", stats.FaultsInjected.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}")));
        Output.WriteLine($"runs created {stats.RunsCreated}, idempotent replays {stats.IdempotentReplays}, file bytes {stats.FileBytesServed:N0}");
    }

    /// <summary>Exactly one run per row, no client ref twice, and each row's video saved as "{prefix}N.mp4" with the bytes
    /// the file origin serves for that run.</summary>
    protected void AssertOneRunAndItsVideoPerRow(EmulatorStats stats, string prefix, int rows)
    {
        Assert.Equal(rows, stats.RunsCreated);
        Assert.Empty(stats.DuplicateClientRefs);
        for (var row = 1; row <= rows; row++)
        {
            var runId = Assert.Single(Emulator.RunIdsForClientRef(prefix + row));
            Assert.Equal(Emulator.GetVideoBytes(runId), File.ReadAllBytes(Path.Combine(Directory, $"{prefix}{row}.mp4")));
        }
    }
}
