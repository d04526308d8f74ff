using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>Runs move queued → dispatching → running → terminal, end as their prompts say, and are billed as documented.</summary>
public class LifecycleTests
{
    [Fact]
    public async Task A_create_answers_201_with_the_documented_queued_run_object()
    {
        await using var api = await RawApi.StartAsync(options => options.QueuedMs = 60_000);

        var (status, run, response) = await api.PostAsync(RawApi.TextToVideo,
            """{"input":{"prompt":"A street musician","duration":"5"},"client_ref":"row-1","callback_url":"https://hooks.example.test/r","metadata":{"row":1}}""");

        Assert.Equal(201, status);
        Assert.Equal("queued", RawApi.Status(run!));
        Assert.True(Guid.TryParse(run!["id"]!.GetValue<string>(), out var id));
        Assert.Equal(7, id.Version);
        Assert.True(Guid.TryParse(run["model_id"]!.GetValue<string>(), out _));
        Assert.Equal("row-1", run["client_ref"]!.GetValue<string>());
        Assert.Equal("https://hooks.example.test/r", run["callback_url"]!.GetValue<string>());
        Assert.Equal(1, run["metadata"]!["row"]!.GetValue<int>());
        Assert.Equal("""{"prompt":"A street musician","duration":"5"}""", run["input"]!.ToJsonString());
        Assert.EndsWith("+00:00", run["created_at"]!.GetValue<string>());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), run["request_id"]!.GetValue<string>());
        Assert.Null(run["output"]);
        Assert.Null(run["cost"]);
    }

    [Fact]
    public async Task A_run_passes_through_every_non_terminal_status_before_it_succeeds()
    {
        // The fake clock holds each stage open until it is moved on by exactly that stage's time, so no stage can be
        // missed and every timestamp is known.
        await using var api = await RawApi.StartOnFakeClockAsync(options => { options.QueuedMs = 1000; options.DispatchingMs = 500; options.RunningMs = 3000; });
        var id = await api.CreateAsync();

        var queued = await api.GetRunAsync(id);
        api.Advance(1000);
        await api.WaitStatusAsync(id, "dispatching");
        api.Advance(500);
        var running = await api.WaitStatusAsync(id, "running");
        api.Advance(3000);
        var done = await api.WaitTerminalAsync(id);

        Assert.Equal("queued", RawApi.Status(queued));
        Assert.Equal(RawApi.Stamp(RawApi.FakeStart), queued["created_at"]!.GetValue<string>());
        Assert.EndsWith("+00:00", running["started_at"]!.GetValue<string>());
        Assert.Equal(RawApi.Stamp(RawApi.FakeStart.AddMilliseconds(1500)), running["started_at"]!.GetValue<string>());
        Assert.Null(running["completed_at"]);
        Assert.Equal("succeeded", RawApi.Status(done));
        Assert.EndsWith("+00:00", done["completed_at"]!.GetValue<string>());
        Assert.Equal(RawApi.Stamp(RawApi.FakeStart.AddMilliseconds(4500)), done["completed_at"]!.GetValue<string>());
        Assert.Equal(4500, done["duration_ms"]!.GetValue<long>());
        var output = done["output"]!;
        var entry = output["outputs"]![0]!;
        Assert.Equal("video", entry["type"]!.GetValue<string>());
        Assert.Equal("video/mp4", entry["content_type"]!.GetValue<string>());
        Assert.Equal(5, entry["duration"]!.GetValue<int>());
        Assert.Equal(720, entry["height"]!.GetValue<int>());
        Assert.Equal(1280, entry["width"]!.GetValue<int>());
        Assert.Equal(System.Text.Json.JsonValueKind.String, output["seed"]!.GetValueKind());
        Assert.False(output["nsfw_detected"]!.GetValue<bool>());
        Assert.Null(output["timing"]);
        Assert.NotEqual(api.Emulator.ApiUrl.Port, new Uri(entry["url"]!.GetValue<string>()).Port);
    }

    [Theory]
    [InlineData(RawApi.TextToVideo, "5", "720p", "1.517")]
    [InlineData(RawApi.TextToVideo, "auto", "720p", "1.517")]
    [InlineData(RawApi.TextToVideo, "10", "480p", "1.517")]
    [InlineData(RawApi.TextToVideo, "4", "1080p", "2.7306")]
    [InlineData(RawApi.FastTextToVideo, "15", "720p", "3.6285")]
    public async Task Succeeded_runs_cost_the_price_per_second_times_seconds_and_are_charged(string path, string duration, string resolution, string cost)
    {
        await using var api = await RawApi.StartAsync(options => options.Balance = 100m);

        var id = await api.CreateAsync($$$"""{"input":{"prompt":"Harbor","duration":"{{{duration}}}","resolution":"{{{resolution}}}"}}""", path);
        var done = await api.WaitTerminalAsync(id);
        var (_, balance, _) = await api.GetAsync("/v1/billing/balance");

        Assert.Equal(cost, done["cost"]!.GetValue<string>());
        Assert.Equal(100m - decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(balance!["balance"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Image_to_video_is_priced_at_its_own_rate()
    {
        await using var api = await RawApi.StartAsync();

        var id = await api.CreateAsync("""{"input":{"prompt":"Pan left","image_url":"https://img.example.test/a.png","duration":"4"}}""", RawApi.ImageToVideo);

        Assert.Equal("1.2096", (await api.WaitTerminalAsync(id))["cost"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("failure_stage_code")]
    [InlineData("failure_stage")]
    public async Task A_fail_marker_ends_the_run_failed_with_failure_fields_and_no_charge(string stageField)
    {
        await using var api = await RawApi.StartAsync(options => { options.FailureStageField = stageField; options.Balance = 10m; });

        var id = await api.CreateAsync(RawApi.Body("A street musician [fail]"));
        var done = await api.WaitTerminalAsync(id);

        Assert.Equal("failed", RawApi.Status(done));
        Assert.Equal("PROVIDER_ERROR", done["failure_code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(done["failure_message"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(done[stageField]!.GetValue<string>()));
        Assert.False(done.AsObject().ContainsKey(stageField == "failure_stage" ? "failure_stage_code" : "failure_stage"));
        Assert.Null(done["output"]);
        Assert.Null(done["cost"]);
        Assert.Equal(10m, api.Emulator.GetStats().Balance);
    }

    [Fact]
    public async Task The_fail_marker_is_configurable()
    {
        await using var api = await RawApi.StartAsync(options => options.FailMarker = "#boom");

        var plain = await api.CreateAsync(RawApi.Body("A [fail] that is not the marker now"));
        var marked = await api.CreateAsync(RawApi.Body("A #boom"));

        Assert.Equal("succeeded", RawApi.Status(await api.WaitTerminalAsync(plain)));
        Assert.Equal("failed", RawApi.Status(await api.WaitTerminalAsync(marked)));
    }

    [Fact]
    public async Task A_partial_marker_ends_partial_succeeded_with_outputs()
    {
        await using var api = await RawApi.StartAsync();

        var done = await api.WaitTerminalAsync(await api.CreateAsync(RawApi.Body("Two scenes [partial]")));

        Assert.Equal("partial_succeeded", RawApi.Status(done));
        Assert.Single(done["output"]!["outputs"]!.AsArray());
        Assert.NotNull(done["cost"]);
    }

    [Fact]
    public async Task Minimal_outputs_carry_only_url_and_type()
    {
        await using var api = await RawApi.StartAsync(options => options.MinimalOutputs = true);

        var done = await api.WaitTerminalAsync(await api.CreateAsync());

        Assert.Equal(new[] { "type", "url" }, done["output"]!["outputs"]![0]!.AsObject().Select(pair => pair.Key).OrderBy(key => key));
    }

    [Fact]
    public async Task Portrait_videos_report_their_dimensions_with_the_resolution_on_the_short_side()
    {
        await using var api = await RawApi.StartAsync();

        var done = await api.WaitTerminalAsync(await api.CreateAsync("""{"input":{"prompt":"Tall","aspect_ratio":"9:16","resolution":"1080p"}}"""));
        var entry = done["output"]!["outputs"]![0]!;

        Assert.Equal(1080, entry["width"]!.GetValue<int>());
        Assert.Equal(1920, entry["height"]!.GetValue<int>());
    }

    [Fact]
    public async Task Every_read_signs_the_output_url_afresh()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => { options.QueuedMs = 0; options.DispatchingMs = 0; options.RunningMs = 0; });
        var id = await api.CreateAsync();
        var first = RawApi.VideoUrl(await api.WaitTerminalAsync(id));

        // Signatures carry the signing second, so a read one second later on the emulator's clock signs anew.
        api.Advance(1000);
        var second = RawApi.VideoUrl(await api.GetRunAsync(id));

        Assert.NotEqual(first, second);
        Assert.Equal(new Uri(first).AbsolutePath, new Uri(second).AbsolutePath);
    }

    [Fact]
    public async Task Getting_one_run_adds_the_node_runs_and_logs_arrays_that_search_items_lack()
    {
        await using var api = await RawApi.StartAsync(options => options.QueuedMs = 60_000);
        var id = await api.CreateAsync();

        var run = await api.GetRunAsync(id);
        var (_, page, _) = await api.GetAsync("/v1/runs");

        Assert.Empty(run["node_runs"]!.AsArray());
        Assert.Empty(run["logs"]!.AsArray());
        Assert.False(run["has_node_runs"]!.GetValue<bool>());
        Assert.False(run["has_logs"]!.GetValue<bool>());
        var item = page!["items"]![0]!.AsObject();
        Assert.Equal(id, item["id"]!.GetValue<string>());
        Assert.False(item.ContainsKey("node_runs"));
        Assert.False(item.ContainsKey("logs"));
    }

    [Fact]
    public async Task Unknown_run_ids_are_404_run_not_found()
    {
        await using var api = await RawApi.StartAsync();

        var (status, error, _) = await api.GetAsync("/v1/runs/" + Guid.NewGuid());

        Assert.Equal(404, status);
        Assert.Equal("RUN_NOT_FOUND", error!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_concurrency_cap_keeps_the_other_runs_queued_and_releases_them_one_at_a_time()
    {
        await using var api = await RawApi.StartAsync(options => { options.Concurrency = 1; options.RunningMs = 60_000; });
        var ids = new List<string>();
        for (var index = 0; index < 3; index++)
        {
            ids.Add(await api.CreateAsync());
        }

        await api.WaitStatusAsync(ids[0], "running");
        var held = await StatusesAsync(api);
        api.Emulator.Options.RunningMs = 5;
        var mostActiveAtOnce = 0;
        var until = DateTime.UtcNow + RawApi.Patience;
        while (true)
        {
            // One search reads every run under one lock: a consistent snapshot of who is active.
            var statuses = await StatusesAsync(api);
            mostActiveAtOnce = Math.Max(mostActiveAtOnce, statuses.Values.Count(status => status is "dispatching" or "running"));
            if (statuses.Values.All(status => status == "succeeded") || DateTime.UtcNow > until)
            {
                break;
            }

            await Task.Delay(2);
        }

        Assert.Equal("running", held[ids[0]]);
        Assert.Equal("queued", held[ids[1]]);
        Assert.Equal("queued", held[ids[2]]);
        Assert.Equal(1, mostActiveAtOnce);
        Assert.All((await StatusesAsync(api)).Values, status => Assert.Equal("succeeded", status));
    }

    [Theory]
    [InlineData("canceled")]
    [InlineData("cancelled")]
    public async Task Cancelling_a_live_run_answers_201_once_then_200_with_the_run_unchanged(string spelling)
    {
        await using var api = await RawApi.StartAsync(options => { options.QueuedMs = 60_000; options.CancelSpelling = spelling; });
        var id = await api.CreateAsync();

        var first = await api.PostAsync($"/v1/admin/runs/{id}/cancellation", """{"reason":"operator stop"}""");
        var again = await api.PostAsync($"/v1/admin/runs/{id}/cancellation", "{}");
        var empty = await api.SendAsync(HttpMethod.Post, $"/v1/admin/runs/{id}/cancellation");
        var unknown = await api.PostAsync($"/v1/admin/runs/{Guid.NewGuid()}/cancellation", "{}");

        Assert.Equal(201, first.Status);
        Assert.Equal(spelling, RawApi.Status(first.Body!));
        Assert.NotNull(first.Body!["completed_at"]);
        Assert.Null(first.Body["cost"]);
        Assert.Equal(200, again.Status);
        Assert.Equal(first.Body.ToJsonString(), again.Body!.ToJsonString());
        Assert.Equal(200, empty.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(spelling, RawApi.Status(await api.GetRunAsync(id)));
    }

    [Fact]
    public async Task Cancelling_a_finished_run_changes_nothing()
    {
        await using var api = await RawApi.StartAsync();
        var id = await api.CreateAsync();
        var done = await api.WaitTerminalAsync(id);

        var (status, run, _) = await api.PostAsync($"/v1/admin/runs/{id}/cancellation", "{}");

        Assert.Equal(200, status);
        Assert.Equal("succeeded", RawApi.Status(run!));
        Assert.Equal(done["cost"]!.GetValue<string>(), run!["cost"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"reason":"no"}""")]
    [InlineData("""{"reason":7}""")]
    [InlineData("""{"why":"because"}""")]
    [InlineData("[]")]
    public async Task A_bad_cancellation_body_is_422_and_the_run_keeps_going(string body)
    {
        await using var api = await RawApi.StartAsync(options => options.QueuedMs = 60_000);
        var id = await api.CreateAsync();

        var (status, _, _) = await api.PostAsync($"/v1/admin/runs/{id}/cancellation", body);

        Assert.Equal(422, status);
        Assert.Equal("queued", RawApi.Status(await api.GetRunAsync(id)));
    }

    [Fact]
    public async Task The_status_list_names_every_documented_status()
    {
        await using var api = await RawApi.StartAsync();

        var (status, list, _) = await api.GetAsync("/v1/runs/statuses");

        Assert.Equal(200, status);
        Assert.Equal(new[] { "queued", "dispatching", "running", "succeeded", "failed", "canceled", "partial_succeeded" }, RawApi.Strings(list!["items"], "code"));
    }

    private static async Task<Dictionary<string, string>> StatusesAsync(RawApi api)
    {
        var (_, page, _) = await api.GetAsync("/v1/runs?limit=500&fields=id,status_code");
        return page!["items"]!.AsArray().ToDictionary(item => item!["id"]!.GetValue<string>(), item => RawApi.Status(item!));
    }
}
