using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>Every injected fault kind happens, looks like the real thing to a client, and is counted by kind.</summary>
public class FaultTests
{
    [Fact]
    public async Task Rate_limits_come_with_and_without_retry_after_and_are_counted()
    {
        await using var api = await RawApi.StartAsync(options => options.Fault429Rate = 1);

        var answers = new List<(int Status, string? Code, bool RetryAfter)>();
        for (var request = 0; request < 30; request++)
        {
            var (status, body, response) = await api.GetAsync("/v1/billing/balance");
            answers.Add((status, body?["code"]?.GetValue<string>(), response.Headers.RetryAfter is not null));
        }

        var stats = api.Emulator.GetStats();
        Assert.All(answers, answer => Assert.Equal((429, "RATE_LIMITED"), (answer.Status, answer.Code)));
        Assert.Contains(answers, answer => answer.RetryAfter);
        Assert.Contains(answers, answer => !answer.RetryAfter);
        Assert.Equal(answers.Count(answer => answer.RetryAfter), stats.Faults("429_retry_after"));
        Assert.Equal(answers.Count(answer => !answer.RetryAfter), stats.Faults("429"));
        Assert.Equal(30, stats.ResponsesByStatus["429"]);
    }

    [Fact]
    public async Task The_429_message_follows_the_documented_wording()
    {
        await using var api = await RawApi.StartAsync(options => options.Fault429Rate = 1);

        var (_, body, response) = await api.GetAsync("/v1/runs");

        Assert.StartsWith("Rate limit exceeded: ", body!["message"]!.GetValue<string>());
        Assert.True(response.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task Server_errors_are_500_502_and_503_and_counted_by_status()
    {
        await using var api = await RawApi.StartAsync(options => options.Fault5xxRate = 1);

        var statuses = new List<int>();
        for (var request = 0; request < 40; request++)
        {
            statuses.Add((await api.GetAsync("/v1/runs")).Status);
        }

        var stats = api.Emulator.GetStats();
        Assert.Equal(new[] { 500, 502, 503 }, statuses.Distinct().OrderBy(status => status));
        foreach (var status in new[] { 500, 502, 503 })
        {
            Assert.Equal(statuses.Count(seen => seen == status), stats.Faults(status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task Slow_responses_are_delayed_then_answered_normally()
    {
        await using var api = await RawApi.StartAsync(options => { options.FaultSlowRate = 1; options.FaultSlowMs = 50; });

        var (status, _, _) = await api.GetAsync("/v1/health");

        Assert.Equal(200, status);
        Assert.Equal(1, api.Emulator.GetStats().Faults("slow"));
    }

    [Fact]
    public async Task A_drop_before_commit_leaves_no_run_behind()
    {
        await using var api = await RawApi.StartAsync(options => options.FaultDropBeforeCommitRate = 1);

        var failure = await Record.ExceptionAsync(() => api.PostAsync(RawApi.TextToVideo, RawApi.Body(extras: "\"client_ref\":\"lost\""), "drop-1"));
        api.Emulator.Options.FaultDropBeforeCommitRate = 0;
        var retry = await api.PostAsync(RawApi.TextToVideo, RawApi.Body(extras: "\"client_ref\":\"lost\""), "drop-1");

        Assert.IsType<HttpRequestException>(failure);
        Assert.Equal(1, api.Emulator.GetStats().Faults("drop_before_commit"));
        Assert.Equal(201, retry.Status);
        Assert.Single(api.Emulator.RunIdsForClientRef("lost"));
        Assert.Equal(0, api.Emulator.GetStats().IdempotentReplays);
    }

    [Fact]
    public async Task A_drop_after_commit_leaves_the_run_and_a_retry_with_the_key_gets_it_back()
    {
        await using var api = await RawApi.StartAsync(options => options.FaultDropAfterCommitRate = 1);

        var failure = await Record.ExceptionAsync(() => api.PostAsync(RawApi.TextToVideo, RawApi.Body(extras: "\"client_ref\":\"kept\""), "drop-2"));
        api.Emulator.Options.FaultDropAfterCommitRate = 0;
        var existing = Assert.Single(api.Emulator.RunIdsForClientRef("kept"));
        var (_, search, _) = await api.GetAsync("/v1/runs?q=client_ref:kept");
        var retry = await api.PostAsync(RawApi.TextToVideo, RawApi.Body(extras: "\"client_ref\":\"kept\""), "drop-2");

        Assert.IsType<HttpRequestException>(failure);
        Assert.Equal(1, api.Emulator.GetStats().Faults("drop_after_commit"));
        Assert.Equal(existing, search!["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(existing, retry.Body!["id"]!.GetValue<string>());
        Assert.Single(api.Emulator.RunIdsForClientRef("kept"));
        Assert.True(api.Emulator.GetStats().ResponsesByStatus.ContainsKey("aborted"));
    }

    [Fact]
    public async Task A_slow_response_delays_before_the_create_so_a_client_that_gives_up_leaves_no_run()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => { options.FaultSlowRate = 1; options.FaultSlowMs = 60_000; });
        using var impatient = ImpatientClient(api);

        var failure = await Record.ExceptionAsync(() => impatient.PostAsync(RawApi.TextToVideo, Json(RawApi.Body(extras: "\"client_ref\":\"gave-up\""))));
        await RawApi.EventuallyAsync(() => api.Emulator.GetStats().ResponsesByStatus.ContainsKey("aborted"), "the emulator saw the client go");

        Assert.IsType<TaskCanceledException>(failure);
        Assert.Equal(1, api.Emulator.GetStats().Faults("slow"));
        Assert.Empty(api.Emulator.RunIdsForClientRef("gave-up"));
        Assert.Equal(0, api.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task A_create_that_commits_then_answers_late_leaves_its_run_behind_a_client_that_timed_out()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => options.FaultSlowAfterCommitMs = 10_000);
        using var impatient = ImpatientClient(api);
        var prompt = await impatient.PostAsync(RawApi.TextToVideo, Json(RawApi.Body(extras: "\"client_ref\":\"prompt\"")));

        api.Emulator.Options.FaultSlowAfterCommitRate = 1;
        var failure = await Record.ExceptionAsync(() => impatient.PostAsync(RawApi.TextToVideo, Json(RawApi.Body(extras: "\"client_ref\":\"timed-out\""))));
        var left = Assert.Single(api.Emulator.RunIdsForClientRef("timed-out"));
        var single = api.PostAsync(RawApi.TextToVideo, RawApi.Body(extras: "\"client_ref\":\"patient\""));
        var batch = api.PostAsync(RawApi.TextBatches, """{"input":[{"prompt":"p","client_ref":"patient-batch"}]}""");
        await RawApi.EventuallyAsync(() => api.Emulator.RunIdsForClientRef("patient").Count == 1 && api.Emulator.RunIdsForClientRef("patient-batch").Count == 1,
            "both creates committed");
        var heldWhileCommitted = !single.IsCompleted && !batch.IsCompleted;
        api.Advance(9_999);
        var heldAlmost = !single.IsCompleted && !batch.IsCompleted;
        api.Advance(1);
        // Far less than the 10 s hold: the answers must follow the emulator's clock, not the wall clock.
        var (singleStatus, run, _) = await single.WaitAsync(TimeSpan.FromSeconds(5));
        var (batchStatus, batchBody, _) = await batch.WaitAsync(TimeSpan.FromSeconds(5));
        var (_, readBack, _) = await api.GetAsync("/v1/runs/" + left);

        Assert.Equal(201, (int)prompt.StatusCode);
        Assert.IsType<TaskCanceledException>(failure);
        Assert.Equal("timed-out", readBack!["client_ref"]!.GetValue<string>());
        Assert.True(heldWhileCommitted);
        Assert.True(heldAlmost);
        Assert.Equal((201, 201), (singleStatus, batchStatus));
        Assert.Equal(api.Emulator.RunIdsForClientRef("patient").Single(), run!["id"]!.GetValue<string>());
        Assert.Equal(api.Emulator.RunIdsForClientRef("patient-batch").Single(), batchBody!["items"]![0]!["run_id"]!.GetValue<string>());
        Assert.Equal(3, api.Emulator.GetStats().Faults("slow_after_commit"));
        Assert.Equal(4, api.Emulator.GetStats().RunsCreated);
    }

    /// <summary>A client that gives up after two seconds of real time, long before any held answer on a fake clock (and
    /// long enough for a just-started server's first answer on a loaded machine).</summary>
    private static HttpClient ImpatientClient(RawApi api)
    {
        var client = new HttpClient { BaseAddress = api.Emulator.ApiUrl, Timeout = TimeSpan.FromSeconds(2) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.Emulator.ApiKey);
        return client;
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_file_origin_answers_500_or_503_when_told_to_and_counts_each()
    {
        await using var api = await RawApi.StartAsync();
        var video = RawApi.VideoUrl(await api.WaitTerminalAsync(await api.CreateAsync()));
        using var files = new HttpClient();
        api.Emulator.Options.FaultFile5xxRate = 1;

        var failures = new List<(int Status, string Body)>();
        for (var request = 0; request < 30; request++)
        {
            using var failed = await files.GetAsync(video);
            failures.Add(((int)failed.StatusCode, await failed.Content.ReadAsStringAsync()));
        }

        api.Emulator.Options.FaultFile5xxRate = 0;
        var retried = await files.GetAsync(video);

        Assert.Equal(new[] { 500, 503 }, failures.Select(failure => failure.Status).Distinct().OrderBy(status => status));
        Assert.All(failures, failure => Assert.Contains(failure.Status == 500 ? "<Code>InternalError</Code>" : "<Code>SlowDown</Code>", failure.Body));
        Assert.Equal(200, (int)retried.StatusCode);
        var stats = api.Emulator.GetStats();
        Assert.Equal(failures.Count(failure => failure.Status == 500), stats.Faults("file_500"));
        Assert.Equal(failures.Count(failure => failure.Status == 503), stats.Faults("file_503"));
        // Only the one answered download served bytes: a faulted request sends none of the file.
        Assert.Equal(api.Emulator.GetVideoBytes(RunIdOf(video)).Length, stats.FileBytesServed);
    }

    private static string RunIdOf(string videoUrl) => new Uri(videoUrl).Segments[2].TrimEnd('/');

    [Fact]
    public async Task Control_routes_are_never_faulted()
    {
        await using var api = await RawApi.StartAsync(options => { options.Fault429Rate = 1; options.Fault5xxRate = 1; });

        var stats = await api.GetAsync("/_emulator/stats");
        var balance = await api.PostAsync("/_emulator/balance", """{"add":1}""");
        var options = await api.PostAsync("/_emulator/options", """{"fault_429_rate":0}""");

        Assert.Equal(new[] { 200, 200, 200 }, new[] { stats.Status, balance.Status, options.Status });
        Assert.Empty(api.Emulator.GetStats().FaultsInjected);
    }

    [Fact]
    public async Task The_same_seed_injects_the_same_faults_for_the_same_traffic()
    {
        async Task<string> PatternAsync(int seed)
        {
            await using var api = await RawApi.StartAsync(options => { options.Seed = seed; options.Fault429Rate = 0.3; options.Fault5xxRate = 0.3; });
            var statuses = new List<int>();
            for (var request = 0; request < 40; request++)
            {
                statuses.Add((await api.GetAsync("/v1/health")).Status);
            }

            return string.Join(",", statuses);
        }

        var first = await PatternAsync(7);
        var second = await PatternAsync(7);
        var other = await PatternAsync(8);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains("200", first);
    }
}
