using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Seedance.Engine;
using Seedance.Engine.Ledger;
using Seedance.Engine.Submission;
using Seedance.Tests.Integration;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Ledger;

/// <summary>The one create path against the emulator: never pay twice, across re-runs, ledgers and lost answers.</summary>
public sealed class SubmitOperationTests : IDisposable
{
    private readonly ITestOutputHelper output;
    private readonly TemporaryLedgers ledgers = new();

    public SubmitOperationTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    public void Dispose() => ledgers.Dispose();

    private CreateLedger NewLedger(EngineClock? clock = null) => ledgers.Open(clock);

    private static CreateRunRequest Row(int index, string? prompt = null, object? duration = null) => new()
    {
        Model = SeedanceModels.FastTextToVideo,
        Input = new Dictionary<string, object?> { ["prompt"] = prompt ?? "Row " + index, ["duration"] = duration ?? "4" },
        ClientRef = "row-" + index,
    };

    private static SubmitOptions Fast() => Submitter.Fast();

    private static async Task<List<SubmitResult>> SubmitAll(RunflowClient client, CreateLedger ledger, IEnumerable<CreateRunRequest> rows,
        SubmitOptions? options = null)
    {
        var operation = new SubmitOperation(client, ledger, options ?? Fast());
        return (await operation.SubmitAllAsync(rows, maxSending: 64)).ToList();
    }

    [Fact]
    public async Task Running_the_same_rows_again_on_a_server_that_ignores_idempotency_keys_pays_for_nothing_new()
    {
        await using var emulated = await Emulated.StartAsync(options => options.NoIdempotency = true);
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var rows = Enumerable.Range(0, 20).Select(index => Row(index)).ToList();

        var first = await SubmitAll(client, ledger, rows);
        var again = await SubmitAll(client, ledger, rows.Select(row => Row(int.Parse(row.ClientRef!.Substring(4)))));

        Assert.All(first, result => Assert.Equal(SubmitOutcome.Created, result.Outcome));
        Assert.All(again, result => Assert.Equal(SubmitOutcome.Reused, result.Outcome));
        Assert.Equal(first.Select(result => result.Run!.Id), again.Select(result => result.Run!.Id));
        Assert.Equal(20, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task Two_machines_with_separate_ledgers_send_the_same_key_and_a_server_that_honours_it_replays_the_first_create()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var first = NewLedger();
        using var second = NewLedger();
        var rows = Enumerable.Range(0, 10).ToList();

        var mine = await SubmitAll(client, first, rows.Select(index => Row(index)));
        var theirs = await SubmitAll(client, second, rows.Select(index => Row(index)));

        Assert.Equal(mine.Select(result => result.Run!.Id), theirs.Select(result => result.Run!.Id));
        Assert.Equal(10, emulated.Emulator.GetStats().RunsCreated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lost_answers_are_looked_up_not_resent_blind_so_no_row_ever_gets_two_runs(bool idempotencyOff)
    {
        // On compressed time (emulator, client and ledger on one clock): the rows that stay unknown wait out their 5 s of
        // patience in a tenth of it.
        var clock = new CompressedClock(10);
        await using var emulated = await Emulated.StartAsync(options =>
        {
            options.FaultDropBeforeCommitRate = 0.2;
            options.FaultDropAfterCommitRate = 0.2;
            options.NoIdempotency = idempotencyOff;
        }, clock);
        using var client = emulated.Client();
        using var ledger = NewLedger(clock);
        var rows = Enumerable.Range(0, 30).ToList();

        var first = await SubmitStreaming(client, ledger, rows);

        var stats = emulated.Emulator.GetStats();
        var unknown = first.Count(outcome => outcome.StartsWith("unknown:", StringComparison.Ordinal));
        output.WriteLine($"first pass: drops before commit {stats.Faults("drop_before_commit")}, after {stats.Faults("drop_after_commit")}, runs {stats.RunsCreated}, unknown {unknown}");
        Assert.True(stats.Faults("drop_before_commit") + stats.Faults("drop_after_commit") > 0, "no drop happened, so nothing was tested");
        Assert.Empty(stats.DuplicateClientRefs);
        Assert.Equal(rows.Count, stats.RunsCreated + first.Count(outcome => outcome.StartsWith("unknown:", StringComparison.Ordinal) && !emulated.Emulator.RunIdsForClientRef(outcome.Substring(8)).Any()));

        // The next run resolves what stayed unknown once runs made after the lost creates could commit show in search.
        await clock.Delay(TimeSpan.FromMilliseconds(400), System.Threading.CancellationToken.None);
        emulated.Emulator.Options.FaultDropBeforeCommitRate = 0;
        emulated.Emulator.Options.FaultDropAfterCommitRate = 0;
        var later = await SubmitStreaming(client, ledger, Enumerable.Range(100, 5).Concat(rows).ToList());

        Assert.DoesNotContain(later, outcome => outcome.StartsWith("unknown:", StringComparison.Ordinal));
        Assert.Equal(35, later.Distinct().Count());
        Assert.Equal(35, emulated.Emulator.GetStats().RunsCreated);
        Assert.Empty(emulated.Emulator.GetStats().DuplicateClientRefs);
    }

    /// <summary>Rows submitted as a pipeline does: in order, four at a time; each gives its run id or "unknown:ref".</summary>
    private static async Task<List<string>> SubmitStreaming(RunflowClient client, CreateLedger ledger, IReadOnlyList<int> rows)
    {
        var operation = new SubmitOperation(client, ledger, Fast());
        using var slots = new System.Threading.SemaphoreSlim(4);
        var tasks = new List<Task<string>>();
        foreach (var index in rows)
        {
            await slots.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var result = await operation.SubmitAsync(Row(index), default);
                    return result.Run?.Id ?? "unknown:" + Assert.IsType<RunflowCreateOutcomeUnknownException>(result.Failure).ClientRef;
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        return (await Task.WhenAll(tasks)).ToList();
    }

    [Fact]
    public async Task A_lost_create_that_cannot_be_proven_absent_ends_unknown_after_its_real_patience_on_compressed_time()
    {
        // The emulator runs on the client's compressed clock, so its created_at and the client's windows agree.
        var compressed = new CompressedClock(200);
        await using var emulated = await Emulated.StartAsync(options =>
        {
            options.FaultDropBeforeCommitRate = 1.0;
            options.NoIdempotency = true;
        }, compressed);
        var clientOptions = emulated.ClientOptions();
        using var client = new RunflowClient(clientOptions);
        using var ledger = NewLedger(compressed);
        var options = Fast();
        options.ResolvePatience = TimeSpan.FromSeconds(60);
        options.CommitWindow = TimeSpan.FromSeconds(1);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var unknown = Assert.IsType<RunflowCreateOutcomeUnknownException>(Assert.Single(await SubmitAll(client, ledger, new[] { Row(1) }, options)).Failure);

        clock.Stop();
        output.WriteLine($"60 s of patience took {clock.Elapsed.TotalSeconds:0.00} s of real time");
        Assert.Equal("row-1", unknown.ClientRef);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the patience window ran on real time: " + clock.Elapsed);
        Assert.Equal(LedgerEntryState.MaybeSent, Assert.Single(ledger.List()).EffectiveState);
        Assert.Equal(0, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task A_run_id_the_ledger_holds_that_still_answers_404_after_the_grace_window_is_reported_not_created_again()
    {
        await using var emulated = await Emulated.StartAsync();
        var clientOptions = emulated.ClientOptions();
        clientOptions.Polling.NotFoundGrace = TimeSpan.FromSeconds(3);
        using var client = new RunflowClient(clientOptions);
        using var ledger = NewLedger();
        var row = Row(1);
        var claimed = ledger.Claim(LedgerScope.For(client.Options), row.ClientRef!, _ => new LedgerClaimRequest(SeedanceModels.FastTextToVideo,
            InputDigest.Of(row.Input), "{}", null, null)).Claimed!;
        ledger.RecordCreated(claimed, Run.Parse("{\"id\":\"01a00000-0000-7000-8000-000000000000\",\"status_code\":\"queued\"}"));
        ledger.MarkInFlight(claimed, false);

        var lost = Assert.IsType<RunflowRunNotFoundException>(Assert.Single(await SubmitAll(client, ledger, new[] { row })).Failure);

        Assert.True(lost.GivenByApi);
        Assert.Equal("01a00000-0000-7000-8000-000000000000", lost.RunId);
        Assert.Equal(0, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task A_second_row_with_the_same_client_ref_is_refused_before_paying()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var operation = new SubmitOperation(client, ledger, Fast());

        operation.Reserve("row-1");
        var refused = Assert.Throws<RunflowDuplicateClientRefException>(() => operation.Reserve("row-1"));

        Assert.Equal("row-1", refused.ClientRef);
        Assert.Equal(0, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task An_edited_row_under_an_existing_client_ref_is_refused_with_both_inputs_unless_a_new_take_is_asked_for()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        await SubmitAll(client, ledger, new[] { Row(1, "A red fox") });

        var refused = Assert.IsType<RunflowRerunRefusedException>(Assert.Single(await SubmitAll(client, ledger, new[] { Row(1, "A blue fox") })).Failure);
        Assert.True(refused.InputChanged);
        Assert.Contains("A red fox", refused.Message);
        Assert.Contains("A blue fox", refused.Message);
        Assert.Equal(1, emulated.Emulator.GetStats().RunsCreated);

        var options = Fast();
        options.NewTake = true;
        var retaken = Assert.Single(await SubmitAll(client, ledger, new[] { Row(1, "A blue fox") }, options));
        Assert.Equal(SubmitOutcome.Created, retaken.Outcome);
        Assert.Equal(2, retaken.Entry!.Take);
        Assert.Equal(2, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task The_same_input_written_another_way_is_the_same_row()
    {
        await using var emulated = await Emulated.StartAsync(options => options.NoIdempotency = true);
        using var client = emulated.Client();
        using var ledger = NewLedger();

        var first = Assert.Single(await SubmitAll(client, ledger, new[] { Row(1) }));
        var reordered = new CreateRunRequest
        {
            Model = SeedanceModels.FastTextToVideo,
            Input = new Dictionary<string, object?> { ["duration"] = "4", ["prompt"] = "Row 1", ["seed"] = null },
            ClientRef = "row-1",
        };
        var again = Assert.Single(await SubmitAll(client, ledger, new[] { reordered }));

        Assert.Equal(first.Run!.Id, again.Run!.Id);
        Assert.Equal(1, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task A_failed_run_is_not_billed_so_a_re_run_makes_a_new_take_without_asking()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var row = Row(1, "[fail] a scene");
        var first = Assert.Single(await SubmitAll(client, ledger, new[] { row }));
        using var watcher = new RunWatcher(client);
        watcher.Track(first.Run!);
        var failed = await watcher.WaitNextAsync();
        Assert.Equal(RunStatus.Failed, failed!.Status);
        ledger.RecordFinished(failed);

        var again = Assert.Single(await SubmitAll(client, ledger, new[] { Row(1, "[fail] a scene") }));

        Assert.Equal(SubmitOutcome.Created, again.Outcome);
        Assert.NotEqual(first.Run!.Id, again.Run!.Id);
        Assert.Equal(2, again.Entry!.Take);
    }

    [Fact]
    public async Task Nothing_listening_is_a_plain_failure_recorded_as_not_created_not_an_unknown_outcome()
    {
        var options = new RunflowClientOptions
        {
            BaseUri = new Uri("http://127.0.0.1:9"),
            ApiKey = new ApiKey("rf_live_nothinglistens"),
            Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxJitter = TimeSpan.Zero },
        };
        using var client = new RunflowClient(options);
        using var ledger = NewLedger();

        var failure = Assert.IsType<RunflowTransportException>(Assert.Single(await SubmitAll(client, ledger, new[] { Row(1) })).Failure);

        Assert.False(failure.RequestMayHaveArrived);
        Assert.Equal(LedgerEntryState.NotCreated, Assert.Single(ledger.List()).EffectiveState);
    }
}
