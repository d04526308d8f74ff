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

namespace Seedance.Tests.Ledger;

/// <summary>The submit operation's orchestration from plain C#, without PowerShell: batching, its fallback to single
/// creates, skip-existing look-ups, the throttle count and one result per request.</summary>
public sealed class SubmitOrchestrationTests : IDisposable
{
    private const string BatchRoute = "POST /v1/models/{model}/batches";
    private const string RunRoute = "POST /v1/models/{model}/runs";
    private readonly TemporaryLedgers ledgers = new();

    public void Dispose() => ledgers.Dispose();

    private CreateLedger NewLedger() => ledgers.Open();

    private static CreateRunRequest Row(string clientRef, string? model = null, IDictionary<string, object?>? metadata = null) => new()
    {
        Model = model ?? SeedanceModels.FastTextToVideo,
        Input = new Dictionary<string, object?> { ["prompt"] = "scene " + clientRef, ["duration"] = "4" },
        ClientRef = clientRef,
        Metadata = metadata,
    };

    private static IEnumerable<CreateRunRequest> Rows(string prefix, int count) => Enumerable.Range(1, count).Select(index => Row(prefix + index));

    private static SubmitOptions Options(bool batch = false, bool skipExisting = false)
    {
        var options = Submitter.Fast();
        options.Batch = batch;
        options.SkipExisting = skipExisting;
        return options;
    }

    [Fact]
    public async Task Batches_take_requests_of_one_model_callback_and_metadata_a_hundred_at_a_time_and_each_result_is_its_own_row()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var campaign = new Dictionary<string, object?> { ["campaign"] = "spring" };
        var rows = Rows("same-", 150)
            .Concat(new[] { Row("tagged-1", metadata: campaign), Row("tagged-2", metadata: campaign) })
            .Concat(new[] { Row("full-1", SeedanceModels.TextToVideo) })
            .ToList();

        var results = await new SubmitOperation(client, ledger, Options(batch: true)).SubmitAllAsync(rows);

        var stats = emulated.Emulator.GetStats();
        Assert.Equal(4, stats.Requests(BatchRoute));
        Assert.Equal(0, stats.Requests(RunRoute));
        Assert.Equal(rows.Count, stats.RunsCreated);
        Assert.Equal(rows.Select(row => row.ClientRef), results.Select(result => result.ClientRef));
        Assert.All(results, result =>
        {
            Assert.Equal(SubmitOutcome.Created, result.Outcome);
            Assert.Equal(Assert.Single(emulated.Emulator.RunIdsForClientRef(result.ClientRef)), result.Run!.Id);
        });
        Assert.Equal("spring", results.Single(result => result.ClientRef == "tagged-2").Run!.Metadata!["campaign"]);
    }

    [Fact]
    public async Task Requests_the_ledger_already_knows_take_the_single_path_and_the_others_share_one_batch()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var first = await new SubmitOperation(client, ledger, Options()).SubmitAllAsync(Rows("known-", 4));

        var again = await new SubmitOperation(client, ledger, Options(batch: true)).SubmitAllAsync(Rows("known-", 10));

        Assert.Equal(first.Select(result => result.Run!.Id), again.Take(4).Select(result => result.Run!.Id));
        Assert.All(again.Take(4), result => Assert.Equal(SubmitOutcome.Reused, result.Outcome));
        Assert.All(again.Skip(4), result => Assert.Equal(SubmitOutcome.Created, result.Outcome));
        var stats = emulated.Emulator.GetStats();
        Assert.Equal(1, stats.Requests(BatchRoute));
        Assert.Equal(4, stats.Requests(RunRoute));
        Assert.Equal(10, stats.RunsCreated);
    }

    [Fact]
    public async Task A_route_that_refuses_batches_gets_its_requests_one_by_one_and_so_does_every_later_request()
    {
        await using var emulated = await Emulated.StartAsync(options => options.NoBatches = true);
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var operation = new SubmitOperation(client, ledger, Options(batch: true));
        var said = new List<string>();
        operation.Progress += (_, message) => said.Add(message);

        var refused = await operation.SubmitAllAsync(Rows("refused-", 5));
        var later = await operation.SubmitAllAsync(Rows("later-", 3));

        Assert.True(operation.BatchesRefused);
        Assert.All(refused.Concat(later), result => Assert.Equal(SubmitOutcome.Created, result.Outcome));
        var stats = emulated.Emulator.GetStats();
        // The API reference's body, then (on its 422) the batch guide's once; then one request per row, later ones too.
        Assert.Equal(2, stats.Requests(BatchRoute));
        Assert.Equal(8, stats.Requests(RunRoute));
        Assert.Equal(8, stats.RunsCreated);
        Assert.Contains(said, message => message.Contains("one by one"));
        Assert.Equal(new[] { "refused-1", "refused-2", "refused-3", "refused-4", "refused-5" }, refused.Select(result => result.ClientRef));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Skip_existing_finds_the_runs_another_machine_made_and_pays_for_nothing(bool batch)
    {
        await using var emulated = await Emulated.StartAsync(options => options.NoIdempotency = true);
        using var client = emulated.Client();
        using var mine = NewLedger();
        using var theirs = NewLedger();
        var made = await new SubmitOperation(client, theirs, Options()).SubmitAllAsync(Rows("elsewhere-", 6));

        var skipped = await new SubmitOperation(client, mine, Options(batch, skipExisting: true)).SubmitAllAsync(Rows("elsewhere-", 6));

        Assert.All(skipped, result => Assert.Equal(SubmitOutcome.Reused, result.Outcome));
        Assert.Equal(made.Select(result => result.Run!.Id), skipped.Select(result => result.Run!.Id));
        Assert.Equal(6, emulated.Emulator.GetStats().RunsCreated);
        Assert.Equal(0, emulated.Emulator.GetStats().Requests(BatchRoute));
        // What was found is now this ledger's too: the next run reuses it without asking the server.
        Assert.Equal(made.Select(result => result.Run!.Id).OrderBy(id => id), mine.List().Select(entry => entry.RunId).OrderBy(id => id));
        Assert.All(mine.List(), entry => Assert.Contains(entry.EffectiveState, new[] { LedgerEntryState.Created, LedgerEntryState.Finished }));
    }

    [Fact]
    public async Task Skip_existing_on_a_server_without_a_client_ref_filter_says_so_once_and_creates_what_its_ledger_lacks()
    {
        await using var emulated = await Emulated.StartAsync(options => options.NoClientRefFilter = true);
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var operation = new SubmitOperation(client, ledger, Options(skipExisting: true));
        var notices = new List<string>();
        operation.Notice += (_, message) => notices.Add(message);

        var results = await operation.SubmitAllAsync(Rows("unfiltered-", 5));

        Assert.All(results, result => Assert.Equal(SubmitOutcome.Created, result.Outcome));
        Assert.Contains("client_ref filter", Assert.Single(notices));
        Assert.Equal(5, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task Every_request_gets_one_result_and_a_second_request_with_a_taken_client_ref_fails_without_being_sent()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var rows = new[] { Row("twin"), Row("twin"), Row("single"), new CreateRunRequest { Model = SeedanceModels.FastTextToVideo, Input = new Dictionary<string, object?> { ["prompt"] = "no ref" } } };
        rows[1].Input["prompt"] = "second twin";

        var results = await new SubmitOperation(client, ledger, Options()).SubmitAllAsync(rows);

        Assert.Equal(4, results.Count);
        Assert.Equal(SubmitOutcome.Failed, results[1].Outcome);
        Assert.Equal("twin", Assert.IsType<RunflowDuplicateClientRefException>(results[1].Failure).ClientRef);
        Assert.Same(rows[1], results[1].Request);
        Assert.Null(results[1].Run);
        Assert.All(new[] { results[0], results[2], results[3] }, result => Assert.Equal(SubmitOutcome.Created, result.Outcome));
        Assert.False(string.IsNullOrEmpty(results[3].ClientRef));
        Assert.Equal(results[3].Run!.Id, Assert.Single(emulated.Emulator.RunIdsForClientRef(results[3].ClientRef)));
        Assert.Equal(3, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task A_request_the_create_path_refuses_is_a_failed_result_naming_it_and_the_others_go_on()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var rows = new[] { Row("good-1"), Row("bad-callback"), Row("good-2") };
        rows[1].CallbackUrl = "ftp://example.test/hook";

        var results = await new SubmitOperation(client, ledger, Options(batch: true)).SubmitAllAsync(rows);

        Assert.Equal("callback_url", Assert.IsType<RunflowValidationException>(results[1].Failure).Field);
        Assert.Equal("bad-callback", results[1].ClientRef);
        Assert.Equal(SubmitOutcome.Created, results[0].Outcome);
        Assert.Equal(SubmitOutcome.Created, results[2].Outcome);
        Assert.Equal(2, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task No_more_than_max_sending_creates_are_in_flight_at_once()
    {
        await using var emulated = await Emulated.StartAsync(options =>
        {
            // Every API answer takes 150 ms, so creates that may overlap do.
            options.FaultSlowRate = 1.0;
            options.FaultSlowMs = 150;
        });
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var operation = new SubmitOperation(client, ledger, Options());

        var results = await operation.SubmitAllAsync(Rows("throttled-", 12), maxSending: 3);

        Assert.All(results, result => Assert.Equal(SubmitOutcome.Created, result.Outcome));
        Assert.InRange(emulated.Emulator.GetStats().PeakInFlight(RunRoute), 2, 3);
        Assert.Equal(0, operation.Sending);
    }

    [Fact]
    public async Task A_local_image_used_by_several_requests_is_uploaded_once_and_each_run_gets_its_asset()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        var folder = ledgers.NewFolderPath();
        Directory.CreateDirectory(folder);
        var image = Path.Combine(folder, "frame.png");
        File.WriteAllBytes(image, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3 });
        var rows = Enumerable.Range(1, 3).Select(index => new CreateRunRequest
        {
            Model = SeedanceModels.ImageToVideo,
            Input = new Dictionary<string, object?> { ["prompt"] = "wave " + index },
            LocalImages = new Dictionary<string, string> { ["image_url"] = image },
            ClientRef = "framed-" + index,
        }).ToList();

        var results = await new SubmitOperation(client, ledger, Options()).SubmitAllAsync(rows);

        Assert.All(results, result => Assert.StartsWith(emulated.Emulator.FileUrl.ToString(), (string)result.Run!.Input["image_url"]!));
        Assert.Equal(1, emulated.Emulator.GetStats().Requests("POST /v1/asset-uploads"));
        Assert.All(rows, row => Assert.False(row.Input.ContainsKey("image_url")));
    }

    [Fact]
    public async Task Requests_not_started_before_a_stop_are_interrupted_and_nothing_is_paid_for_them()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        using var stop = new System.Threading.CancellationTokenSource();
        stop.Cancel();

        var results = await new SubmitOperation(client, ledger, Options(batch: true)).SubmitAllAsync(Rows("stopped-", 3), cancellationToken: stop.Token);

        Assert.All(results, result => Assert.Equal(SubmitOutcome.NotSent, result.Outcome));
        Assert.Equal(new[] { "stopped-1", "stopped-2", "stopped-3" }, results.Select(result => result.ClientRef));
        Assert.Equal(0, emulated.Emulator.GetStats().RunsCreated);
        Assert.Empty(ledger.List());
    }

    [Fact]
    public async Task A_stop_while_a_batch_is_still_filling_ends_its_requests_not_sent_and_nothing_is_claimed()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var ledger = NewLedger();
        using var stop = new System.Threading.CancellationTokenSource();
        var operation = new SubmitOperation(client, ledger, Options(batch: true));
        var filling = Rows("filling-", 3).Select(row => operation.SubmitAsync(row, stop.Token)).ToList();
        Assert.True(operation.HasWaitingBatches);
        Assert.Equal(0, operation.Sending);

        stop.Cancel();
        var results = await Task.WhenAll(filling);

        Assert.All(results, result => Assert.Equal(SubmitOutcome.NotSent, result.Outcome));
        Assert.False(operation.HasWaitingBatches);
        Assert.Equal(0, emulated.Emulator.GetStats().Requests(BatchRoute));
        Assert.Empty(ledger.List());
    }
}
