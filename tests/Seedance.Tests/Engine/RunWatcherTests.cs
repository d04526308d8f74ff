using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

public class RunWatcherTests
{
    private const string Created = ",\"created_at\":\"2026-11-30T12:00:00.000Z\"";

    /// <summary>Each run answers "running" to its first checks and "succeeded" afterwards, by id or in a search, which
    /// lists every run of <paramref name="listed"/> created since the window's start.</summary>
    private static FakeApi ProgressingApi(int checksBeforeDone, bool searchWorks = true, params string[] listed)
    {
        var checks = new ConcurrentDictionary<string, int>();
        string Status(string id) => checks.AddOrUpdate(id, 1, (_, count) => count + 1) > checksBeforeDone ? "succeeded" : "running";
        string Video(string id, string status) => status == "succeeded" ? "https://f/" + id + ".mp4" : null!;
        return new FakeApi((request, _) =>
        {
            if (request.Uri.AbsolutePath == "/v1/runs")
            {
                if (!searchWorks)
                {
                    return FakeApi.Json((HttpStatusCode)422, "{\"code\":\"VALIDATION_ERROR\",\"message\":\"bad q\"}");
                }

                // The projection: no input, as a real server would send it.
                var items = listed.Select(id => (Id: id, Status: Status(id)))
                    .Select(run => FakeApi.RunJson(run.Id, run.Status, prompt: null, videoUrl: Video(run.Id, run.Status), extra: Created));
                return FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + string.Join(",", items) + "],\"next\":null}");
            }

            var runId = request.Uri.AbsolutePath.Split('/').Last();
            var status = Status(runId);
            return FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson(runId, status, videoUrl: Video(runId, status), extra: Created));
        });
    }

    [Fact]
    public async Task Many_runs_are_followed_with_searches_and_each_is_emitted_once_as_a_full_run()
    {
        var ids = Enumerable.Range(0, 30).Select(index => "run-" + index).ToList();
        var api = ProgressingApi(3, true, ids.ToArray());
        using var client = api.Client();
        using var watcher = new RunWatcher(client);
        ids.ForEach(watcher.Track);

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ids.OrderBy(id => id), finished.Select(run => run.Id).OrderBy(id => id));
        Assert.All(finished, run => Assert.Equal("a cat", run.Input["prompt"]));
        // Following each run by GET would take 30 x 4 = 120 requests. A typed id is read by id once (to learn that it
        // exists and when it was created); after that searches read all of them at once, and a search that shows a run
        // ended with its output ends it: no read by id follows, and the input comes from the run read before.
        Assert.Equal(30, api.Matching("GET", "/v1/runs/").Count);
        Assert.InRange(api.Requests.Count, 31, 40);
        Assert.Equal(0, watcher.PendingCount);
        // Searches project only fields the API reference names for the run object: a strict server may refuse others.
        var documented = new[] { "id", "status_code", "output", "failure_code", "failure_message", "failure_stage_code", "cost", "duration_ms",
            "completed_at", "started_at", "client_ref", "created_at", "model", "input", "metadata", "batch_id" };
        var search = api.Requests.First(request => request.Uri.AbsolutePath == "/v1/runs");
        var fields = System.Web.HttpUtility.ParseQueryString(search.Uri.Query)["fields"]!.Split(',');
        Assert.All(fields, field => Assert.Contains(field, documented));
    }

    [Fact]
    public async Task Runs_given_by_the_api_are_followed_by_searches_alone()
    {
        var ids = Enumerable.Range(0, 30).Select(index => "given-" + index).ToList();
        var api = ProgressingApi(2, true, ids.ToArray());
        using var client = api.Client();
        using var watcher = new RunWatcher(client);
        ids.ForEach(id => watcher.Track(Run.Parse(FakeApi.RunJson(id, "queued", extra: Created))));

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(30, finished.Count);
        Assert.All(finished, run => Assert.Equal("https://f/" + run.Id + ".mp4", run.Output!.Files[0].Url.ToString()));
        Assert.All(finished, run => Assert.Equal("a cat", run.Input["prompt"]));
        Assert.Empty(api.Matching("GET", "/v1/runs/"));
        // Each run ends at its third appearance: three searches, whatever the number of runs.
        Assert.InRange(api.Requests.Count, 3, 4);
        var query = System.Web.HttpUtility.ParseQueryString(api.Requests.First().Uri.Query);
        Assert.StartsWith("created_at>=", query["q"]);
        Assert.DoesNotContain("id:", query["q"]);
    }

    [Fact]
    public async Task Status_counts_follow_every_change_and_drop_runs_the_api_does_not_know()
    {
        // The ghost's first read waits until the counts before any answer have been taken.
        using var countsTaken = new System.Threading.ManualResetEventSlim(false);
        var api = new FakeApi((request, _) =>
        {
            countsTaken.Wait(TimeSpan.FromSeconds(10));
            if (request.Uri.AbsolutePath == "/v1/runs")
            {
                return FakeApi.Json((HttpStatusCode)422, "{\"code\":\"VALIDATION_ERROR\",\"message\":\"bad q\"}");
            }

            var id = request.Uri.AbsolutePath.Split('/').Last();
            return id == "ghost"
                ? FakeApi.Json(HttpStatusCode.NotFound, "{\"code\":\"RUN_NOT_FOUND\",\"message\":\"Run not found\"}")
                : FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson(id, "succeeded", videoUrl: "https://f/" + id + ".mp4"));
        });
        using var client = api.Client();
        using var watcher = new RunWatcher(client);
        watcher.Track(Run.Parse(FakeApi.RunJson("q1", "queued")));
        watcher.Track(Run.Parse(FakeApi.RunJson("q2", "queued")));
        watcher.Track(Run.Parse(FakeApi.RunJson("r1", "running")));
        watcher.Track("ghost");

        var before = watcher.GetStatusCounts();
        countsTaken.Set();
        Assert.Equal(2, before[RunStatus.Queued]);
        Assert.Equal(1, before[RunStatus.Running]);
        Assert.Equal(1, before[RunStatus.Unknown]);

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, finished.Count);
        var after = watcher.GetStatusCounts();
        Assert.Equal(new[] { (RunStatus.Succeeded, 3) }, after.Select(pair => (pair.Key, pair.Value)).ToArray());
    }

    [Fact]
    public async Task A_server_whose_search_refuses_the_filter_is_followed_run_by_run()
    {
        var api = ProgressingApi(2, false);
        using var client = api.Client();
        using var watcher = new RunWatcher(client);
        watcher.Track("a");
        watcher.Track("b");
        watcher.Track("c");

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, finished.Count);
        Assert.Single(api.Requests, request => request.Uri.AbsolutePath == "/v1/runs");
    }

    [Fact]
    public async Task Status_changes_are_reported_as_they_happen()
    {
        var api = ProgressingApi(2);
        using var client = api.Client();
        using var watcher = new RunWatcher(client);
        var changes = new ConcurrentQueue<(RunStatus From, RunStatus To)>();
        watcher.StatusChanged += (_, change) => changes.Enqueue((change.PreviousStatus, change.Run.Status));
        watcher.Track(Run.Parse(FakeApi.RunJson("solo", "queued")));

        var run = await watcher.WaitNextAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

        Assert.Equal(RunStatus.Succeeded, run!.Status);
        Assert.Contains((RunStatus.Queued, RunStatus.Running), changes);
        Assert.Contains((RunStatus.Running, RunStatus.Succeeded), changes);
        Assert.Null(await watcher.WaitNextAsync());
    }

    [Fact]
    public async Task A_deadline_ends_the_wait_promptly_and_leaves_the_runs_pending()
    {
        var api = ProgressingApi(int.MaxValue);
        using var client = api.Client();
        using var watcher = new RunWatcher(client);
        watcher.Track("never-ends");

        var finished = await watcher.WaitAllAsync(TimeSpan.FromMilliseconds(200));

        Assert.Empty(finished);
        Assert.Equal(new[] { "never-ends" }, watcher.PendingRunIds);
    }

    [Fact]
    public async Task An_unknown_run_id_stops_being_followed_with_the_reason_kept()
    {
        var api = new FakeApi((request, _) => FakeApi.Json(HttpStatusCode.NotFound, "{\"code\":\"RUN_NOT_FOUND\",\"message\":\"Run not found\"}"));
        using var client = api.Client();
        using var watcher = new RunWatcher(client);
        watcher.Track("ghost");

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(finished);
        Assert.Equal(0, watcher.PendingCount);
        var lost = Assert.IsType<RunflowRunNotFoundException>(watcher.GetFailure("ghost"));
        Assert.False(lost.GivenByApi);
        Assert.Equal("RUN_NOT_FOUND", Assert.IsType<RunflowApiException>(lost.InnerException).ErrorCode);
    }

    // ------------------------------------------------------------------ against the in-process emulator

    private static async Task<(IReadOnlyList<Run> Finished, Seedance.Emulator.EmulatorStats Before, Seedance.Emulator.EmulatorStats After, TimeSpan Elapsed)> FollowAsync(
        Integration.Emulated emulated, int count, Action<PollingOptions>? tune = null)
    {
        var options = emulated.ClientOptions();
        tune?.Invoke(options.Polling);
        using var client = new RunflowClient(options);
        using var submitter = new Submitter(client);
        var created = await Task.WhenAll(Enumerable.Range(0, count).Select(index => submitter.SubmitAsync(new CreateRunRequest
        {
            Model = SeedanceModels.TextToVideo,
            Input = new System.Collections.Generic.Dictionary<string, object?> { ["prompt"] = "Scene " + index, ["duration"] = "4", ["resolution"] = "720p" },
        })));
        var before = emulated.Emulator.GetStats();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var watcher = new RunWatcher(client);
        foreach (var result in created)
        {
            watcher.Track(result.Run!);
        }

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(60));
        return (finished, before, emulated.Emulator.GetStats(), stopwatch.Elapsed);
    }

    private static long Route(Seedance.Emulator.EmulatorStats before, Seedance.Emulator.EmulatorStats after, string route) =>
        (after.RequestsByRoute.TryGetValue(route, out var late) ? late : 0) - (before.RequestsByRoute.TryGetValue(route, out var early) ? early : 0);

    [Fact]
    public async Task A_search_that_shows_runs_ended_with_their_output_is_not_followed_by_reads_of_them()
    {
        await using var emulated = await Integration.Emulated.StartAsync();

        var (finished, before, after, _) = await FollowAsync(emulated, 40);

        Assert.Equal(40, finished.Count);
        Assert.All(finished, run => Assert.Equal(RunStatus.Succeeded, run.Status));
        Assert.All(finished, run => Assert.NotEmpty(run.Output!.Files));
        Assert.All(finished, run => Assert.StartsWith("Scene ", (string)run.Input["prompt"]!));
        Assert.Equal(0, Route(before, after, "GET /v1/runs/{id}"));
    }

    [Fact]
    public async Task Many_runs_cost_one_search_per_poll()
    {
        await using var emulated = await Integration.Emulated.StartAsync(options => options.RunningMs = 600);

        var (finished, before, after, elapsed) = await FollowAsync(emulated, 150);

        Assert.Equal(150, finished.Count);
        Assert.Equal(0, Route(before, after, "GET /v1/runs/{id}"));
        // Polls come at most every InitialInterval (20 ms here), and each is one search for all 150 runs: a poll per run
        // would need at least 150 requests.
        var searches = Route(before, after, "GET /v1/runs");
        Assert.InRange(searches, 1, (long)(elapsed.TotalMilliseconds / 20) + 2);
        Assert.True(searches < 150, $"{searches} searches for 150 runs");
    }

    [Fact]
    public async Task Runs_a_lagging_search_does_not_list_are_read_by_id()
    {
        // The index never catches up within the test: only the safety net can end these runs.
        await using var emulated = await Integration.Emulated.StartAsync(options => (options.SearchLagMinMs, options.SearchLagMaxMs) = (600_000, 600_000));

        var (finished, before, after, _) = await FollowAsync(emulated, 5, polling => polling.IndexLagAllowance = TimeSpan.FromMilliseconds(300));

        Assert.Equal(5, finished.Count);
        Assert.All(finished, run => Assert.NotEmpty(run.Output!.Files));
        Assert.InRange(Route(before, after, "GET /v1/runs/{id}"), 5, 200);
        Assert.True(Route(before, after, "GET /v1/runs") > 0);
    }

    [Fact]
    public async Task Without_searches_every_run_is_read_by_id()
    {
        await using var emulated = await Integration.Emulated.StartAsync();

        var (finished, before, after, _) = await FollowAsync(emulated, 4, polling => polling.UseSearch = false);

        Assert.Equal(4, finished.Count);
        Assert.Equal(0, Route(before, after, "GET /v1/runs"));
        Assert.True(Route(before, after, "GET /v1/runs/{id}") >= 4);
    }

    // ------------------------------------------------------------------ the schedule

    private static readonly PollingOptions Defaults = new();

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_first_check_comes_when_the_model_could_plausibly_have_finished_what_the_input_asks_for()
    {
        var short720p = PollSchedule.TypicalGeneration(new Dictionary<string, object?> { ["duration"] = "4", ["resolution"] = "720p" });
        var long1080p = PollSchedule.TypicalGeneration(new Dictionary<string, object?> { ["duration"] = 10, ["resolution"] = "1080p" });
        var unknown = PollSchedule.TypicalGeneration(new Dictionary<string, object?> { ["duration"] = "auto" });

        Assert.Equal(82, long1080p.TotalSeconds, 3);
        Assert.Equal(4 * 8.2 * 1280 * 720 / (1920 * 1080), short720p.TotalSeconds, 3);
        // "auto" and an unknown resolution count as the least work, so no run is checked later than it could end.
        Assert.True(unknown < short720p);
        // A tenth of the typical time after creation: 8.2 s for 10 s at 1080p, whatever has happened before.
        Assert.Equal(8.2, PollSchedule.NextCheckIn(TimeSpan.Zero, TimeSpan.Zero, long1080p, 1, null, Defaults).TotalSeconds, 3);
        Assert.Equal(3.2, PollSchedule.NextCheckIn(Seconds(5), Seconds(4), long1080p, 1, null, Defaults).TotalSeconds, 3);
    }

    [Fact]
    public void After_the_first_check_runs_back_off_and_are_checked_most_where_they_are_likely_to_end()
    {
        var typical = Seconds(82);

        // Before the likely window: a tenth of the age, at least the shortest interval, at most the longest.
        Assert.Equal(2, PollSchedule.NextCheckIn(Seconds(21), Seconds(20), typical, 200, null, Defaults).TotalSeconds, 3);
        Assert.Equal(Defaults.InitialInterval, PollSchedule.NextCheckIn(Seconds(9), Seconds(1), typical, 200, null, Defaults));
        Assert.Equal(Defaults.MaxInterval, PollSchedule.NextCheckIn(Seconds(501), Seconds(500), typical, 200, null, Defaults));
        // Between half and twice the typical time: one run alone as usual, 200 runs sharing one search 14 times as often.
        Assert.Equal(6, PollSchedule.NextCheckIn(Seconds(61), Seconds(60), typical, 1, null, Defaults).TotalSeconds, 3);
        Assert.Equal(8.2 / Math.Sqrt(200), PollSchedule.NextCheckIn(Seconds(61), Seconds(60), typical, 200, null, Defaults).TotalSeconds, 3);
        // A run like it has just ended: the shortest interval.
        Assert.Equal(Defaults.InitialInterval, PollSchedule.NextCheckIn(Seconds(61), Seconds(60), typical, 1, Seconds(1), Defaults));
        Assert.Equal(6, PollSchedule.NextCheckIn(Seconds(61), Seconds(60), typical, 1, Seconds(30), Defaults).TotalSeconds, 3);
        // -PollInterval overrides all of it.
        var fixedInterval = new PollingOptions { FixedInterval = Seconds(5) };
        Assert.Equal(Seconds(5), PollSchedule.NextCheckIn(TimeSpan.Zero, TimeSpan.Zero, typical, 1, null, fixedInterval));
    }
}
