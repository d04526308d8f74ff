using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Integration;

/// <summary>The engine against the in-process emulator: lifecycle, statuses, errors, downloads.</summary>
public sealed class EngineAgainstEmulatorTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-it-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
    }

    private static CreateRunRequest Request(string prompt = "A lighthouse in a storm", string? clientRef = null) => new()
    {
        Model = SeedanceModels.TextToVideo,
        Input = new Dictionary<string, object?> { ["prompt"] = prompt, ["duration"] = "5", ["resolution"] = "720p", ["aspect_ratio"] = "16:9" },
        ClientRef = clientRef,
    };

    private static async Task<Run> WaitAsync(RunflowClient client, Run run, ConcurrentQueue<RunStatus>? seen = null)
    {
        using var watcher = new RunWatcher(client);
        if (seen is not null)
        {
            watcher.StatusChanged += (_, change) => seen.Enqueue(change.Run!.Status);
        }

        watcher.Track(run);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return (await watcher.WaitNextAsync(deadline.Token))!;
    }

    [Fact]
    public async Task A_run_goes_through_its_lifecycle_and_its_video_is_saved_byte_identical_without_auth_to_the_file_host()
    {
        await using var emulated = await Emulated.StartAsync(options => { options.QueuedMs = 100; options.DispatchingMs = 100; options.RunningMs = 150; });
        using var client = emulated.Client();
        var seen = new ConcurrentQueue<RunStatus>();

        using var submitter = new Submitter(client);
        var created = await submitter.SubmitAsync(Request(clientRef: "lifecycle-1"));
        var finished = await WaitAsync(client, created.Run!, seen);
        var target = Path.Combine(directory, "lifecycle.mp4");
        var saved = await client.DownloadOutputAsync(new DownloadRequest { Run = finished, DestinationPath = target });

        Assert.Equal(RunStatus.Queued, created.Run!.Status);
        Assert.Equal(RunStatus.Succeeded, finished.Status);
        Assert.Contains(RunStatus.Running, seen);
        Assert.Equal(RunStatus.Succeeded, seen.Last());
        Assert.Equal("A lighthouse in a storm", finished.Input["prompt"]);
        Assert.Equal(1.517m, finished.Cost);
        Assert.Equal(emulated.Emulator.GetVideoBytes(finished.Id), await File.ReadAllBytesAsync(target));
        Assert.Equal(saved.Bytes, new FileInfo(target).Length);
        Assert.Equal(0, emulated.Emulator.GetStats().AuthorizationHeadersOnFileOrigin);
        Assert.Equal(new[] { "lifecycle.mp4" }, SavedFolder.Files(directory).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("A storm [fail]", RunStatus.Failed)]
    [InlineData("A storm [partial]", RunStatus.PartialSucceeded)]
    [InlineData("A storm", RunStatus.Succeeded)]
    public async Task Each_terminal_status_is_reached_and_reported(string prompt, RunStatus expected)
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();

        using var submitter = new Submitter(client);

        var finished = await WaitAsync(client, (await submitter.SubmitAsync(Request(prompt))).Run!);

        Assert.Equal(expected, finished.Status);
        if (expected == RunStatus.Failed)
        {
            Assert.Equal("PROVIDER_ERROR", finished.FailureCode);
            Assert.NotNull(finished.FailureStage);
            Assert.Null(finished.Cost);
        }
        else
        {
            Assert.NotEmpty(finished.Output!.Files);
        }
    }

    [Theory]
    [InlineData("canceled")]
    [InlineData("cancelled")]
    public async Task Admin_cancellation_ends_a_run_canceled_in_either_spelling(string spelling)
    {
        await using var emulated = await Emulated.StartAsync(options => { options.CancelSpelling = spelling; options.QueuedMs = 60_000; });
        using var client = emulated.Client();
        using var submitter = new Submitter(client);
        var run = (await submitter.SubmitAsync(Request())).Run!;

        var canceled = await client.CancelRunAsync(run.Id, "no longer needed");
        var again = await client.CancelRunAsync(run.Id, null);

        Assert.Equal(RunStatus.Canceled, canceled.Status);
        Assert.Equal(spelling, canceled.StatusCode);
        Assert.True(again.IsTerminal);
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("nested")]
    [InlineData("detail")]
    public async Task Validation_errors_name_the_field_in_every_error_style(string style)
    {
        await using var emulated = await Emulated.StartAsync(options => options.ErrorStyle = style);
        using var client = emulated.Client();
        var request = Request();
        request.Input["duration"] = 10;
        using var submitter = new Submitter(client);

        var failure = await Assert.ThrowsAsync<RunflowApiException>(() => submitter.SubmitAsync(request));

        Assert.Equal(422, failure.StatusCode);
        if (style != "nested")
        {
            Assert.Contains(failure.FieldErrors, field => field.Field == "input.duration");
        }

        Assert.Equal(0, emulated.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task A_wrong_key_gets_401_and_no_exception_text_contains_any_key()
    {
        await using var emulated = await Emulated.StartAsync();
        var options = emulated.ClientOptions();
        options.ApiKey = new ApiKey("rf_live_wrongwrongwrongSECRET");
        using var client = new RunflowClient(options);
        using var good = emulated.Client();
        using var wrongKeySubmitter = new Submitter(client);
        using var goodSubmitter = new Submitter(good);

        var failures = new List<Exception>
        {
            await Assert.ThrowsAsync<RunflowApiException>(() => client.GetAuthInfoAsync()),
            await Assert.ThrowsAsync<RunflowApiException>(() => wrongKeySubmitter.SubmitAsync(Request())),
            await Assert.ThrowsAsync<RunflowApiException>(() => good.GetRunAsync("00000000-0000-0000-0000-000000000000")),
            await Assert.ThrowsAsync<RunflowApiException>(() => goodSubmitter.SubmitAsync(new CreateRunRequest { Model = "bytedance/nope", Input = new Dictionary<string, object?> { ["prompt"] = "x" } })),
        };

        Assert.Equal(401, ((RunflowApiException)failures[0]).StatusCode);
        Assert.Equal("RUN_NOT_FOUND", ((RunflowApiException)failures[2]).ErrorCode);
        Assert.Equal(404, ((RunflowApiException)failures[3]).StatusCode);
        foreach (var failure in failures)
        {
            Assert.DoesNotContain("SECRET", failure.ToString());
            Assert.DoesNotContain(emulated.Emulator.ApiKey, failure.ToString());
            Assert.NotNull(failure is RunflowException runflow ? runflow.RequestId : null);
        }
    }

    [Fact]
    public async Task An_exhausted_balance_gets_402_until_it_is_topped_up()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        using var submitter = new Submitter(client);
        emulated.Emulator.SetBalance(0);

        var refused = await Assert.ThrowsAsync<RunflowApiException>(() => submitter.SubmitAsync(Request()));
        emulated.Emulator.TopUpBalance(5);
        var accepted = await submitter.SubmitAsync(Request());
        var balance = await client.GetBalanceAsync();

        Assert.Equal(402, refused.StatusCode);
        Assert.Equal("INSUFFICIENT_CREDIT", refused.ErrorCode);
        Assert.Equal(RunStatus.Queued, accepted.Run!.Status);
        Assert.Equal(5m, balance.AmountUsd);
    }

    [Fact]
    public async Task Search_follows_cursors_in_both_pagination_styles_and_filters_by_client_ref()
    {
        foreach (var style in new[] { "next", "next_pq" })
        {
            await using var emulated = await Emulated.StartAsync(options => options.PaginationStyle = style);
            using var client = emulated.Client();
            using var submitter = new Submitter(client);
            for (var index = 0; index < 7; index++)
            {
                await submitter.SubmitAsync(Request("prompt " + index, clientRef: "page-" + index));
            }

            var all = await client.SearchAllRunsAsync(new RunSearchRequest { Limit = 3 }, 100);
            var one = await client.FindRunByClientRefAsync("page-4");
            var projected = await client.SearchRunsAsync(new RunSearchRequest { Limit = 2, Fields = new[] { "id", "status_code" } });

            Assert.Equal(7, all.Select(run => run.Id).Distinct().Count());
            Assert.Equal("prompt 4", one!.Input["prompt"]);
            Assert.All(projected.Items, run => Assert.Equal(new[] { "id", "status_code" }, run.PresentFields.OrderBy(name => name)));
        }
    }

    [Fact]
    public async Task A_local_image_is_uploaded_as_an_asset_and_drives_an_image_to_video_run()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();
        Directory.CreateDirectory(directory);
        var image = Path.Combine(directory, "frame.png");
        await File.WriteAllBytesAsync(image, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 });

        using var submitter = new Submitter(client);
        var asset = await client.UploadAssetAsync(image);
        var run = await submitter.SubmitAsync(new CreateRunRequest
        {
            Model = SeedanceModels.ImageToVideo,
            Input = new Dictionary<string, object?> { ["prompt"] = "The waves roll in", ["image_url"] = asset.Reference },
        });
        var finished = await WaitAsync(client, run.Run!);

        Assert.Equal(11, asset.SizeBytes);
        Assert.NotNull(asset.Url);
        Assert.Equal(RunStatus.Succeeded, finished.Status);
        Assert.Equal(0, emulated.Emulator.GetStats().AuthorizationHeadersOnFileOrigin);
    }

    [Fact]
    public async Task The_model_catalog_describes_the_seedance_inputs()
    {
        await using var emulated = await Emulated.StartAsync();
        using var client = emulated.Client();

        var models = await client.GetModelsAsync("seedance");
        var textToVideo = await client.GetModelAsync(SeedanceModels.TextToVideo);

        Assert.Equal(SeedanceModels.Known.OrderBy(name => name), models.Select(model => model.Slug).OrderBy(name => name));
        Assert.Equal(SeedanceModels.Durations, textToVideo.Inputs.Single(input => input.Name == "duration").AllowedValues);
        Assert.NotNull(textToVideo.Id);
    }

    [Theory]
    [InlineData("decimal")]
    [InlineData("cents")]
    public async Task The_balance_is_read_in_either_documented_shape(string style)
    {
        await using var emulated = await Emulated.StartAsync(options => { options.BalanceStyle = style; options.Balance = 124.5m; });
        using var client = emulated.Client();

        Assert.Equal(124.5m, (await client.GetBalanceAsync()).AmountUsd);
    }
}
