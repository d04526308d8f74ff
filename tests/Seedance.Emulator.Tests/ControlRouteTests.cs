using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>The emulator-only routes under /_emulator that scripts and benchmarks use.</summary>
public class ControlRouteTests
{
    [Fact]
    public async Task Stats_report_traffic_runs_replays_and_balance_in_snake_case()
    {
        await using var api = await RawApi.StartAsync(options => options.Balance = 50m);
        await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody, "k");
        await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody, "k");
        await api.GetAsync("/v1/runs/missing");

        var (status, stats, _) = await api.GetAsync("/_emulator/stats");

        Assert.Equal(200, status);
        Assert.Equal(1, stats!["runs_created"]!.GetValue<long>());
        Assert.Equal(1, stats["idempotent_replays"]!.GetValue<long>());
        Assert.Equal(2, stats["requests_by_route"]!["POST /v1/models/{model}/runs"]!.GetValue<long>());
        Assert.Equal(2, stats["responses_by_route_and_status"]!["POST /v1/models/{model}/runs 201"]!.GetValue<long>());
        Assert.Equal(1, stats["responses_by_route_and_status"]!["GET /v1/runs/{id} 404"]!.GetValue<long>());
        Assert.Equal(50m, stats["balance"]!.GetValue<decimal>());
        foreach (var field in new[] { "duplicate_client_refs", "file_bytes_served", "authorization_headers_on_file_origin", "faults_injected",
                     "callbacks_attempted", "callbacks_delivered", "callbacks_failed", "responses_by_status", "runs_by_status" })
        {
            Assert.True(stats.AsObject().ContainsKey(field), field);
        }
    }

    [Fact]
    public async Task The_balance_can_be_set_and_topped_up()
    {
        await using var api = await RawApi.StartAsync();

        var set = await api.PostAsync("/_emulator/balance", """{"set":0}""");
        var refused = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody);
        var added = await api.PostAsync("/_emulator/balance", """{"add":2.5}""");
        var accepted = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody);
        var bad = await api.PostAsync("/_emulator/balance", """{"set":"ten"}""");

        Assert.Equal("0.00", set.Body!["balance"]!.GetValue<string>());
        Assert.Equal(402, refused.Status);
        Assert.Equal("2.50", added.Body!["balance"]!.GetValue<string>());
        Assert.Equal(201, accepted.Status);
        Assert.Equal(400, bad.Status);
        Assert.Equal(2.5m, api.Emulator.GetStats().Balance);
    }

    [Fact]
    public async Task Live_options_change_at_once_and_bad_ones_change_nothing()
    {
        await using var api = await RawApi.StartAsync();

        var changed = await api.PostAsync("/_emulator/options",
            """{"queued_ms":60000,"no_idempotency":true,"callback_retry_delays_ms":[5,10],"pagination_style":"next_pq","fault_429_retry_after_share":0.25}""");
        var queued = await api.GetRunAsync(await api.CreateAsync());
        var badValue = await api.PostAsync("/_emulator/options", """{"running_ms":5,"fault_5xx_rate":2}""");
        var unknown = await api.PostAsync("/_emulator/options", """{"colour":"red"}""");
        var fixedAtStart = await api.PostAsync("/_emulator/options", """{"api_key":"rf_live_other"}""");
        var (_, search, _) = await api.GetAsync("/v1/runs");

        Assert.Equal(200, changed.Status);
        Assert.Equal(60000, changed.Body!["queued_ms"]!.GetValue<int>());
        Assert.True(changed.Body["no_idempotency"]!.GetValue<bool>());
        Assert.True(api.Emulator.Options.NoIdempotency);
        Assert.Equal(new[] { 5, 10 }, api.Emulator.Options.CallbackRetryDelaysMs);
        Assert.Equal(0.25, api.Emulator.Options.Fault429RetryAfterShare);
        Assert.Equal("queued", RawApi.Status(queued));
        Assert.True(search!.AsObject().ContainsKey("next_pq"));
        Assert.Equal(400, badValue.Status);
        Assert.Contains("fault_5xx_rate", RawApi.Strings(badValue.Body!["errors"], "field"));
        Assert.Equal(30, api.Emulator.Options.RunningMs);
        Assert.Equal(0, api.Emulator.Options.Fault5xxRate);
        Assert.Equal(400, unknown.Status);
        Assert.Equal(400, fixedAtStart.Status);
    }

    [Fact]
    public async Task The_server_variant_options_change_live_and_read_back()
    {
        await using var api = await RawApi.StartAsync();

        var (status, changed, _) = await api.PostAsync("/_emulator/options", """
            {"search_lag_ms":"1500-3000","no_client_ref_filter":true,"no_id_filter":true,"no_client_ref_echo":true,"not_found_after_create_ms":2000,
             "batch_runs_unreadable_ms":3000,"unlisted_terminal_status":"expired","unlisted_terminal_share":0.5,"batch_shape":"guide",
             "fault_slow_after_commit_rate":0.25,"fault_slow_after_commit_ms":4000}
            """);
        var numberLag = await api.PostAsync("/_emulator/options", """{"search_lag_ms":2500}""");
        var badLag = await api.PostAsync("/_emulator/options", """{"search_lag_ms":"3000-1","batch_shape":"items"}""");
        var options = api.Emulator.Options;

        Assert.Equal(200, status);
        Assert.Equal("1500-3000", changed!["search_lag_ms"]!.GetValue<string>());
        Assert.True(changed["no_id_filter"]!.GetValue<bool>());
        Assert.Equal(3000, changed["batch_runs_unreadable_ms"]!.GetValue<int>());
        Assert.Equal("expired", changed["unlisted_terminal_status"]!.GetValue<string>());
        Assert.Equal("2500", numberLag.Body!["search_lag_ms"]!.GetValue<string>());
        Assert.Equal(400, badLag.Status);
        Assert.Equal(new[] { "batch_shape", "search_lag_ms" }, RawApi.Strings(badLag.Body!["errors"], "field").OrderBy(field => field, System.StringComparer.Ordinal));
        Assert.Equal((2500, 2500), (options.SearchLagMinMs, options.SearchLagMaxMs));
        Assert.True(options.NoClientRefFilter && options.NoIdFilter && options.NoClientRefEcho);
        Assert.Equal((2000, 3000), (options.NotFoundAfterCreateMs, options.BatchRunsUnreadableMs));
        Assert.Equal(("expired", 0.5, "guide"), (options.UnlistedTerminalStatus, options.UnlistedTerminalShare, options.BatchShape));
        Assert.Equal((0.25, 4000), (options.FaultSlowAfterCommitRate, options.FaultSlowAfterCommitMs));
    }

    [Fact]
    public async Task The_current_live_options_can_be_read()
    {
        await using var api = await RawApi.StartAsync(options => options.Concurrency = 3);

        var (status, options, _) = await api.GetAsync("/_emulator/options");

        Assert.Equal(200, status);
        Assert.Equal(3, options!["concurrency"]!.GetValue<int>());
        Assert.Equal(new[] { 20, 40 }, options["callback_retry_delays_ms"]!.AsArray().Select(delay => delay!.GetValue<int>()));
        Assert.Equal("[fail]", options["fail_marker"]!.GetValue<string>());
        Assert.False(options["minimal_outputs"]!.GetValue<bool>());
        foreach (var fixedAtStart in new[] { "api_key", "urls", "file_urls", "seed", "balance", "callback_secret" })
        {
            Assert.False(options.AsObject().ContainsKey(fixedAtStart), fixedAtStart);
        }
    }
}
