using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

public class ApiContractTests
{
    private const string Valid = """{"input":{"prompt":"A street musician","duration":"5","resolution":"720p","aspect_ratio":"16:9"}}""";

    [Fact]
    public async Task A_create_answers_201_with_a_queued_run_that_reaches_succeeded_with_a_priced_video()
    {
        await using var api = await RawApi.StartAsync();

        var (status, run, _) = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid);
        var done = await api.WaitTerminalAsync(run!["id"]!.GetValue<string>());

        Assert.Equal(201, status);
        Assert.Equal("queued", run["status_code"]!.GetValue<string>());
        Assert.True(Guid.TryParse(run["model_id"]!.GetValue<string>(), out _));
        Assert.EndsWith("+00:00", run["created_at"]!.GetValue<string>());
        Assert.Equal("succeeded", done["status_code"]!.GetValue<string>());
        Assert.Equal("1.517", done["cost"]!.GetValue<string>());
        Assert.Equal("video", done["output"]!["outputs"]![0]!["type"]!.GetValue<string>());
        Assert.NotEqual(api.Emulator.ApiUrl.Port, new Uri(done["output"]!["outputs"]![0]!["url"]!.GetValue<string>()).Port);
    }

    [Theory]
    [InlineData("""{"input":{"prompt":"x","duration":5}}""", "input.duration")]
    [InlineData("""{"input":{"prompt":"x","duration":"16"}}""", "input.duration")]
    [InlineData("""{"input":{"prompt":"x","aspect_ratio":"16x9"}}""", "input.aspect_ratio")]
    [InlineData("""{"input":{"prompt":"x","resolution":"4k"}}""", "input.resolution")]
    [InlineData("""{"input":{"prompt":"x","generate_audio":"yes"}}""", "input.generate_audio")]
    [InlineData("""{"input":{"prompt":"x","seed":7}}""", "input.seed")]
    [InlineData("""{"input":{"prompt":""}}""", "input.prompt")]
    [InlineData("""{"input":{"prompt":"x","image_url":"https://a.test/x.png"}}""", "input.image_url")]
    [InlineData("""{"input":{"prompt":"x","colour":"red"}}""", "input.colour")]
    [InlineData("""{"input":{"prompt":"x"},"callback_url":"ftp://a.test"}""", "callback_url")]
    [InlineData("""{"input":{"prompt":"x"},"metadata":"text"}""", "metadata")]
    [InlineData("""{"input":{"prompt":"x"},"webhook":"https://a.test"}""", "webhook")]
    public async Task Strict_validation_names_the_field_with_422(string body, string field)
    {
        await using var api = await RawApi.StartAsync();

        var (status, error, _) = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, body);

        Assert.Equal(422, status);
        Assert.Equal("VALIDATION_ERROR", error!["code"]!.GetValue<string>());
        Assert.Contains(error["errors"]!.AsArray(), item => item!["field"]!.GetValue<string>() == field);
        Assert.Equal(0, api.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task Image_to_video_requires_an_image_and_malformed_json_is_400_and_unknown_models_404()
    {
        await using var api = await RawApi.StartAsync();

        var noImage = await api.SendAsync(HttpMethod.Post, "/v1/models/bytedance/seedance/2.0/image-to-video/runs", """{"input":{"prompt":"x"}}""");
        var withImage = await api.SendAsync(HttpMethod.Post, "/v1/models/bytedance/seedance/2.0/image-to-video/runs", """{"input":{"prompt":"x","image_url":"https://a.test/x.png"}}""");
        var malformed = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, "{\"input\":");
        var unknown = await api.SendAsync(HttpMethod.Post, "/v1/models/bytedance/nothing/runs", Valid);

        Assert.Equal(422, noImage.Status);
        Assert.Equal(201, withImage.Status);
        Assert.Equal(400, malformed.Status);
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task Missing_or_wrong_bearer_tokens_get_401_but_health_needs_none()
    {
        await using var api = await RawApi.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = api.Emulator.ApiUrl };

        var missing = await anonymous.GetAsync("/v1/runs");
        anonymous.DefaultRequestHeaders.Add("Authorization", "Bearer rf_live_wrong");
        var wrong = await anonymous.GetAsync("/v1/billing/balance");
        var health = await anonymous.GetAsync("/v1/health");

        Assert.Equal(401, (int)missing.StatusCode);
        Assert.Equal("UNAUTHORIZED", JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        Assert.Equal(200, (int)health.StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_and_a_changed_body_conflicts_unless_idempotency_is_off()
    {
        await using var api = await RawApi.StartAsync();

        var first = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid, "key-1");
        var replay = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid, "key-1");
        var conflict = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid.Replace("\"5\"", "\"6\""), "key-1");
        api.Emulator.Options.NoIdempotency = true;
        var ignored = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid, "key-1");

        Assert.Equal(201, replay.Status);
        Assert.Equal(first.Body!["id"]!.GetValue<string>(), replay.Body!["id"]!.GetValue<string>());
        Assert.Equal(409, conflict.Status);
        Assert.NotEqual(first.Body!["id"]!.GetValue<string>(), ignored.Body!["id"]!.GetValue<string>());
        var stats = api.Emulator.GetStats();
        Assert.Equal(2, stats.RunsCreated);
        Assert.Equal(1, stats.IdempotentReplays);
    }

    [Fact]
    public async Task A_drained_balance_gets_402_until_topped_up_and_costs_are_charged()
    {
        await using var api = await RawApi.StartAsync(options => options.Balance = 2m);

        var first = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid);
        await api.WaitTerminalAsync(first.Body!["id"]!.GetValue<string>());
        var balance = await api.SendAsync(HttpMethod.Get, "/v1/billing/balance");
        var second = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid);
        await api.WaitTerminalAsync(second.Body!["id"]!.GetValue<string>());
        var refused = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid);
        api.Emulator.TopUpBalance(10);
        var accepted = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid);

        Assert.Equal("0.483", balance.Body!["balance"]!.GetValue<string>());
        Assert.Equal(402, refused.Status);
        Assert.Equal("INSUFFICIENT_CREDIT", refused.Body!["code"]!.GetValue<string>());
        Assert.Equal(201, accepted.Status);
    }

    [Fact]
    public async Task Search_filters_pages_and_projects_in_both_cursor_styles()
    {
        foreach (var style in new[] { "next", "next_pq" })
        {
            await using var api = await RawApi.StartAsync(options => options.PaginationStyle = style);
            for (var index = 0; index < 5; index++)
            {
                await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid.Replace("{\"input\"", $"{{\"client_ref\":\"row {index}\",\"input\""));
            }

            var seen = new System.Collections.Generic.List<string>();
            string? cursor = null;
            do
            {
                var (_, page, _) = await api.SendAsync(HttpMethod.Get, "/v1/runs?limit=2&fields=id,client_ref" + (cursor is null ? string.Empty : "&pq=" + Uri.EscapeDataString(cursor)));
                seen.AddRange(page!["items"]!.AsArray().Select(item => item!["client_ref"]!.GetValue<string>()));
                Assert.All(page["items"]!.AsArray(), item => Assert.Equal(2, item!.AsObject().Count));
                cursor = page[style]?.GetValue<string>();
            }
            while (cursor is not null);

            var filtered = await api.SendAsync(HttpMethod.Get, "/v1/runs?q=" + Uri.EscapeDataString("client_ref:\"row 3\" OR (client_ref=\"row 1\" AND NOT status_code:failed)"));
            var bad = await api.SendAsync(HttpMethod.Get, "/v1/runs?q=" + Uri.EscapeDataString("client_ref:(x"));
            var outOfRange = await api.SendAsync(HttpMethod.Get, "/v1/runs?limit=501");

            Assert.Equal(new[] { "row 4", "row 3", "row 2", "row 1", "row 0" }, seen);
            Assert.Equal(new[] { "row 1", "row 3" }, filtered.Body!["items"]!.AsArray().Select(item => item!["client_ref"]!.GetValue<string>()).OrderBy(text => text));
            Assert.Equal(400, bad.Status);
            Assert.Equal(422, outOfRange.Status);
        }
    }

    [Theory]
    [InlineData("[fail]", "failed")]
    [InlineData("[partial]", "partial_succeeded")]
    public async Task Marked_prompts_end_in_the_documented_non_success_statuses(string marker, string status)
    {
        await using var api = await RawApi.StartAsync(options => options.FailureStageField = "failure_stage");

        var (_, run, _) = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid.Replace("A street musician", "A street musician " + marker));
        var done = await api.WaitTerminalAsync(run!["id"]!.GetValue<string>());

        Assert.Equal(status, done["status_code"]!.GetValue<string>());
        if (status == "failed")
        {
            Assert.Equal("PROVIDER_ERROR", done["failure_code"]!.GetValue<string>());
            Assert.NotNull(done["failure_stage"]);
            Assert.Null(done["cost"]);
        }
    }

    [Fact]
    public async Task The_concurrency_cap_keeps_extra_runs_queued()
    {
        await using var api = await RawApi.StartAsync(options => { options.Concurrency = 1; options.RunningMs = 400; });

        var ids = new System.Collections.Generic.List<string>();
        for (var index = 0; index < 3; index++)
        {
            ids.Add((await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid)).Body!["id"]!.GetValue<string>());
        }

        await Task.Delay(150);
        var statuses = await Task.WhenAll(ids.Select(async id => (await api.SendAsync(HttpMethod.Get, "/v1/runs/" + id)).Body!["status_code"]!.GetValue<string>()));

        Assert.Equal(1, statuses.Count(status => status is "dispatching" or "running"));
        Assert.Equal(2, statuses.Count(status => status == "queued"));
    }

    [Fact]
    public async Task Faults_are_injected_and_counted_by_kind()
    {
        await using var api = await RawApi.StartAsync(options => { options.Fault429Rate = 0.5; options.Fault5xxRate = 0.3; });

        var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ => (await api.SendAsync(HttpMethod.Get, "/v1/billing/balance")).Status));

        var stats = api.Emulator.GetStats();
        Assert.Equal(statuses.Count(status => status == 429), stats.Faults("429") + stats.Faults("429_retry_after"));
        Assert.Equal(statuses.Count(status => status >= 500), stats.Faults("500") + stats.Faults("502") + stats.Faults("503"));
        Assert.Contains(200, statuses);
        Assert.Contains(429, statuses);
    }
}
