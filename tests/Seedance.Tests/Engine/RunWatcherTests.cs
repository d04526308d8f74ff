using System;
using System.Collections.Concurrent;
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
    /// <summary>Each run answers "running" to its first checks and "succeeded" afterwards.</summary>
    private static FakeApi ProgressingApi(int checksBeforeDone, bool searchWorks = true)
    {
        var checks = new ConcurrentDictionary<string, int>();
        string Status(string id) => checks.AddOrUpdate(id, 1, (_, count) => count + 1) > checksBeforeDone ? "succeeded" : "running";
        return new FakeApi((request, _) =>
        {
            if (request.Uri.AbsolutePath == "/v1/runs")
            {
                if (!searchWorks)
                {
                    return FakeApi.Json((HttpStatusCode)422, "{\"code\":\"VALIDATION_ERROR\",\"message\":\"bad q\"}");
                }

                var ids = Regex.Matches(request.Query, @"id:([\w-]+)").Select(match => match.Groups[1].Value);
                var items = ids.Select(id => "{\"id\":\"" + id + "\",\"status_code\":\"" + Status(id) + "\"}");
                return FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + string.Join(",", items) + "],\"next\":null}");
            }

            var runId = request.Uri.AbsolutePath.Split('/').Last();
            var status = Status(runId);
            return FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson(runId, status, videoUrl: status == "succeeded" ? "https://f/" + runId + ".mp4" : null));
        });
    }

    [Fact]
    public async Task Many_runs_are_followed_with_searches_and_each_is_emitted_once_as_a_full_run()
    {
        var api = ProgressingApi(checksBeforeDone: 3);
        using var client = api.Client();
        using var watcher = new RunWatcher(client);
        var ids = Enumerable.Range(0, 30).Select(index => "run-" + index).ToList();
        ids.ForEach(watcher.Track);

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ids.OrderBy(id => id), finished.Select(run => run.Id).OrderBy(id => id));
        Assert.All(finished, run => Assert.Equal("a cat", run.Input["prompt"]));
        // Following each run by GET would take 30 x 4 = 120 requests; searches read them in bulk and each finished run is
        // read whole once (a run tracked alone while the loop starts may be read by GET once more).
        Assert.InRange(api.Matching("GET", "/v1/runs/").Count, 30, 35);
        Assert.InRange(api.Requests.Count, 31, 60);
        Assert.Equal(0, watcher.PendingCount);
        // Searches project only fields the API reference names for the run object: a strict server may refuse others.
        var documented = new[] { "id", "status_code", "output", "failure_code", "failure_message", "failure_stage_code", "cost", "duration_ms",
            "completed_at", "started_at", "client_ref", "created_at", "model", "input", "metadata", "batch_id" };
        var search = api.Requests.First(request => request.Uri.AbsolutePath == "/v1/runs");
        var fields = System.Web.HttpUtility.ParseQueryString(search.Uri.Query)["fields"]!.Split(',');
        Assert.All(fields, field => Assert.Contains(field, documented));
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
        var api = ProgressingApi(checksBeforeDone: 2, searchWorks: false);
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
        var api = ProgressingApi(checksBeforeDone: 2);
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
        var api = ProgressingApi(checksBeforeDone: int.MaxValue);
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
}
