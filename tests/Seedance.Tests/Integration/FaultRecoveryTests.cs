using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;
using Seedance.Engine.Submission;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Integration;

/// <summary>The engine keeps its promises when the emulator misbehaves on purpose.</summary>
public sealed class FaultRecoveryTests : IDisposable
{
    private readonly ITestOutputHelper output;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-faults-" + Guid.NewGuid().ToString("N"));

    public FaultRecoveryTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
    }

    private static CreateRunRequest Request(string clientRef) => new()
    {
        Model = SeedanceModels.FastTextToVideo,
        Input = new Dictionary<string, object?> { ["prompt"] = "Row " + clientRef, ["duration"] = "4" },
        ClientRef = clientRef,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Creates_whose_connection_drops_before_or_after_commit_make_exactly_one_run_each(bool idempotencyOff)
    {
        await using var emulated = await Emulated.StartAsync(options =>
        {
            options.FaultDropBeforeCommitRate = 0.25;
            options.FaultDropAfterCommitRate = 0.25;
            options.NoIdempotency = idempotencyOff;
        });
        // Dropping a quarter of all creates before commit makes five drops in a row likely enough somewhere in 24 rows to
        // make the test flaky; a larger attempt budget keeps it about resolving lost creates.
        var clientOptions = emulated.ClientOptions();
        clientOptions.Retry.MaxAttempts = 12;
        using var client = new RunflowClient(clientOptions);
        using var submitter = new Submitter(client);
        var refs = Enumerable.Range(0, 24).Select(index => $"drop-{idempotencyOff}-{index}").ToList();

        // A lost create is resent only once a later run proves it absent; the rows that end unknown are resolved by the
        // next run of the same rows (with a few new rows first, as a pipeline that goes on makes), faults off.
        var first = await Task.WhenAll(refs.Select(clientRef => Outcome(submitter, Request(clientRef))));
        var stats = emulated.Emulator.GetStats();
        output.WriteLine($"drops before commit: {stats.Faults("drop_before_commit")}, after commit: {stats.Faults("drop_after_commit")}, " +
                         $"adopted: {first.Count(result => result?.Outcome == SubmitOutcome.Adopted)}, unknown: {first.Count(result => result is null)}, runs: {stats.RunsCreated}");
        Assert.True(stats.Faults("drop_before_commit") > 0 && stats.Faults("drop_after_commit") > 0, "both kinds of drop were injected");
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        emulated.Emulator.Options.FaultDropBeforeCommitRate = 0;
        emulated.Emulator.Options.FaultDropAfterCommitRate = 0;
        await submitter.SubmitAllAsync(Enumerable.Range(0, 3).Select(index => Request($"later-{idempotencyOff}-{index}")));
        var results = await submitter.SubmitAllAsync(refs.Select(Request));

        stats = emulated.Emulator.GetStats();
        Assert.All(refs, clientRef => Assert.Single(emulated.Emulator.RunIdsForClientRef(clientRef)));
        Assert.Equal(refs.Count + 3, stats.RunsCreated);
        Assert.Empty(stats.DuplicateClientRefs);
        Assert.All(results, result => Assert.Equal(emulated.Emulator.RunIdsForClientRef(result.Entry!.ClientRef).Single(), result.Run!.Id));
        Assert.All(first.Where(result => result is not null), result => Assert.Equal(emulated.Emulator.RunIdsForClientRef(result!.Entry!.ClientRef).Single(), result.Run!.Id));
    }

    private static async Task<SubmitResult?> Outcome(Submitter submitter, CreateRunRequest request)
    {
        try
        {
            return await submitter.SubmitAsync(request);
        }
        catch (RunflowCreateOutcomeUnknownException)
        {
            return null;
        }
    }

    [Fact]
    public async Task An_image_run_whose_answer_is_lost_after_commit_is_adopted_although_the_api_re_signs_its_image()
    {
        await using var emulated = await Emulated.StartAsync(options =>
        {
            options.FaultDropAfterCommitRate = 1.0;
            options.NoIdempotency = true;
        });
        using var client = new RunflowClient(emulated.ClientOptions());
        Directory.CreateDirectory(directory);
        var image = Path.Combine(directory, "frame.png");
        File.WriteAllBytes(image, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 });
        var asset = await client.UploadAssetAsync(image);
        using var submitter = new Submitter(client);

        var result = await submitter.SubmitAsync(new CreateRunRequest
        {
            Model = SeedanceModels.ImageToVideo,
            Input = new Dictionary<string, object?> { ["prompt"] = "the frame comes alive", ["image_url"] = asset.Reference },
            ClientRef = "image-row-1",
        });

        // The stored input holds runflow://assets/...; the read path shows a signed HTTPS URL instead. The run is still ours.
        Assert.StartsWith("runflow://assets/", asset.Reference);
        Assert.Equal(SubmitOutcome.Adopted, result.Outcome);
        Assert.StartsWith("http", result.Run!.Input["image_url"]!.ToString());
        Assert.Equal(1, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_survived_without_duplicate_runs()
    {
        await using var emulated = await Emulated.StartAsync(options =>
        {
            options.Fault429Rate = 0.1;
            options.Fault5xxRate = 0.05;
        });
        // With 15% of requests failing, five attempts in a row all fail once in ~13,000 requests; the test raises the
        // attempt budget so that it checks recovery, not luck.
        var clientOptions = emulated.ClientOptions();
        clientOptions.Retry.MaxAttempts = 10;
        using var client = new RunflowClient(clientOptions);
        using var submitter = new Submitter(client);
        var refs = Enumerable.Range(0, 20).Select(index => "busy-" + index).ToList();

        var created = await submitter.SubmitAllAsync(refs.Select(Request));
        using var watcher = new RunWatcher(client);
        foreach (var result in created)
        {
            watcher.Track(result.Run!);
        }

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(60));

        var stats = emulated.Emulator.GetStats();
        output.WriteLine($"429 with Retry-After: {stats.Faults("429_retry_after")}, 429 without: {stats.Faults("429")}, " +
                         $"500: {stats.Faults("500")}, 502: {stats.Faults("502")}, 503: {stats.Faults("503")}");
        Assert.True(stats.Faults("429") + stats.Faults("429_retry_after") > 0);
        Assert.True(stats.Faults("500") + stats.Faults("502") + stats.Faults("503") > 0);
        Assert.Equal(20, finished.Count);
        Assert.Equal(20, stats.RunsCreated);
        Assert.Empty(stats.DuplicateClientRefs);
    }

    [Fact]
    public async Task Truncated_downloads_are_resumed_and_every_file_is_byte_identical()
    {
        await using var emulated = await Emulated.StartAsync(options => { options.FaultTruncateRate = 0.5; options.VideoBytes = 400_000; });
        using var client = emulated.Client();
        using var submitter = new Submitter(client);
        var runs = await submitter.SubmitAllAsync(Enumerable.Range(0, 6).Select(index => Request("cut-" + index)));
        using var watcher = new RunWatcher(client);
        foreach (var result in runs)
        {
            watcher.Track(result.Run!);
        }

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(30));
        var saved = await Task.WhenAll(finished.Select(run => client.DownloadOutputAsync(new DownloadRequest
        {
            Run = run,
            DestinationPath = Path.Combine(directory, run.Id + ".mp4"),
        })));

        output.WriteLine($"truncated responses: {emulated.Emulator.GetStats().Faults("truncated_download")}, attempts: {saved.Sum(result => result.Attempts)}");
        Assert.True(emulated.Emulator.GetStats().Faults("truncated_download") > 0);
        foreach (var result in saved)
        {
            Assert.Equal(emulated.Emulator.GetVideoBytes(result.RunId), await File.ReadAllBytesAsync(result.Path));
        }

        Assert.Equal(6, SavedFolder.Files(directory).Length);
        Assert.Equal(0, emulated.Emulator.GetStats().AuthorizationHeadersOnFileOrigin);
    }

    [Fact]
    public async Task An_expired_presigned_url_is_refreshed_by_reading_the_run_again()
    {
        await using var emulated = await Emulated.StartAsync(options => options.UrlTtlSeconds = 1);
        using var client = emulated.Client();
        using var submitter = new Submitter(client);
        var created = await submitter.SubmitAsync(Request("expiry"));
        using var watcher = new RunWatcher(client);
        watcher.Track(created.Run!);
        var finished = (await watcher.WaitAllAsync(TimeSpan.FromSeconds(30))).Single();
        await Task.Delay(TimeSpan.FromMilliseconds(2100));

        var result = await client.DownloadOutputAsync(new DownloadRequest { Run = finished, DestinationPath = Path.Combine(directory, "expired.mp4") });

        Assert.Equal(1, result.UrlRefreshes);
        Assert.Equal(1, emulated.Emulator.GetStats().Faults("url_expired"));
        Assert.Equal(emulated.Emulator.GetVideoBytes(finished.Id), await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task Callbacks_are_signed_retried_after_a_refusal_and_verified_by_a_receiver()
    {
        using var receiver = new CallbackReceiver(refuseFirst: 1);
        await using var emulated = await Emulated.StartAsync(options => options.CallbackSecret = "whsec_roundtrip");
        using var client = emulated.Client();
        var request = Request("callback");
        request.CallbackUrl = receiver.Url.ToString();
        request.Metadata = new Dictionary<string, object?> { ["row"] = 7 };

        using var submitter = new Submitter(client);
        var run = (await submitter.SubmitAsync(request)).Run!;
        var delivered = await receiver.WaitForAsync(r => r.Received.Count(item => item.AnsweredWith == 200) == 1, TimeSpan.FromSeconds(20));

        Assert.True(delivered);
        Assert.Equal(2, receiver.Received.Count);
        foreach (var (body, signature, _) in receiver.Received)
        {
            Assert.True(CallbackSignature.Verify("whsec_roundtrip", body, signature));
            Assert.False(CallbackSignature.Verify("whsec_other", body, signature));
        }

        var payload = CallbackPayload.Parse(System.Text.Encoding.UTF8.GetString(receiver.Received.Last().Body));
        Assert.Equal("run.completed", payload.Event);
        Assert.Equal(run.Id, payload.ToRun().Id);
        Assert.Equal(7L, payload.Metadata!["row"]);
        Assert.Contains("+00:00", payload.RawJson);
        Assert.NotEmpty(payload.ToRun().Output!.Files);
    }

    [Fact]
    public async Task Waiting_on_many_runs_costs_few_requests_per_run()
    {
        await using var emulated = await Emulated.StartAsync(options => { options.QueuedMs = 200; options.RunningMs = 400; });
        using var client = emulated.Client();
        using var submitter = new Submitter(client);
        var created = await submitter.SubmitAllAsync(Enumerable.Range(0, 30).Select(index => Request("many-" + index)));
        var before = emulated.Emulator.GetStats();
        using var watcher = new RunWatcher(client);
        foreach (var result in created)
        {
            watcher.Track(result.Run!);
        }

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(30));

        var after = emulated.Emulator.GetStats();
        var searches = after.Requests("GET /v1/runs") - before.Requests("GET /v1/runs");
        var gets = after.Requests("GET /v1/runs/{id}") - before.Requests("GET /v1/runs/{id}");
        output.WriteLine($"30 runs: {searches} searches, {gets} GETs, {(searches + gets) / 30.0:0.00} requests per run while waiting");
        Assert.Equal(30, finished.Count);
        Assert.True(searches > 0);
        Assert.True((searches + gets) / 30.0 <= 3.0);
    }
}
