using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>The command line: every documented option, its errors, and the entry logic run in-process.</summary>
public class CommandLineTests
{
    /// <summary>Every option the emulator's brief names, with a valid non-default value.</summary>
    public static TheoryData<string, string?> EveryOption => new()
    {
        { "--urls", "http://127.0.0.1:8787" },
        { "--file-urls", "http://127.0.0.1:8788" },
        { "--api-key", "rf_live_demo" },
        { "--queued-ms", "5" },
        { "--dispatching-ms", "6" },
        { "--running-ms", "7" },
        { "--concurrency", "3" },
        { "--seed", "99" },
        { "--balance", "12.5" },
        { "--url-ttl-seconds", "30" },
        { "--video-bytes", "100000" },
        { "--callback-secret", "whsec_demo" },
        { "--callback-retry-delays-ms", "10,20" },
        { "--fault-429-rate", "0.1" },
        { "--fault-429-retry-after-share", "0.2" },
        { "--fault-5xx-rate", "0.3" },
        { "--fault-drop-before-commit-rate", "0.4" },
        { "--fault-drop-after-commit-rate", "0.5" },
        { "--fault-slow-rate", "0.6" },
        { "--fault-slow-ms", "250" },
        { "--fault-truncate-rate", "0.7" },
        { "--fault-file-5xx-rate", "0.8" },
        { "--no-idempotency", null },
        { "--fail-marker", "#fail" },
        { "--partial-marker", "#partial" },
        { "--pagination-style", "next_pq" },
        { "--cancel-spelling", "cancelled" },
        { "--error-style", "nested" },
        { "--balance-style", "cents" },
        { "--failure-stage-field", "failure_stage" },
        { "--minimal-outputs", null },
        { "--no-batches", null },
        { "--fault-slow-after-commit-rate", "0.5" },
        { "--fault-slow-after-commit-ms", "3000" },
        { "--batch-shape", "guide" },
        { "--search-lag-ms", "1500-3000" },
        { "--no-client-ref-filter", null },
        { "--no-id-filter", null },
        { "--no-client-ref-echo", null },
        { "--not-found-after-create-ms", "2000" },
        { "--batch-runs-unreadable-ms", "3000" },
        { "--unlisted-terminal-status", "expired" },
        { "--unlisted-terminal-share", "0.25" },
    };

    /// <summary>The options for servers that differ where the docs are silent: what each help line must say, and its default.</summary>
    public static TheoryData<string, string, string> ServerVariantHelp => new()
    {
        { "--search-lag-ms", "search (GET /v1/runs) finds a run only this long after its create, for every filter: N, or MIN-MAX for a seeded lag per run", "(default 0)" },
        { "--no-client-ref-filter", "search refuses a q naming client_ref with 422 (status_code, created_at and, unless --no-id-filter, id: lists still work)", "(a switch; default off)" },
        { "--no-id-filter", "search refuses a q naming id with 422, so no id: lists", "(a switch; default off)" },
        { "--no-client-ref-echo", "run objects (create, get, search), batch items and callbacks never carry client_ref", "(a switch; default off)" },
        { "--not-found-after-create-ms", "GET /v1/runs/{id} answers 404 RUN_NOT_FOUND for this long after the create (search is not affected)", "(default 0)" },
        { "--batch-runs-unreadable-ms", "for this long after a batch create its runs answer 404, are missing from search, and items[].run_id is null", "(default 0)" },
        { "--unlisted-terminal-status", "a status the docs do not list (e.g. expired) that runs which would succeed end with: completed_at set, failure_code RUN_<STATUS>, no output, no charge", "(default empty)" },
        { "--unlisted-terminal-share", "share of those runs (drawn per run from the seed) that end with it", "(default 1)" },
        { "--batch-shape", "batch bodies taken: reference ({input:[...]}) | guide ({items:[{input}]}) | both; with one, the other is refused with 422", "(default both)" },
        { "--fault-slow-after-commit-rate", "share of run and batch creates that commit at once, then hold their 201 for --fault-slow-after-commit-ms: a client that times out first leaves the run behind", "(default 0)" },
        { "--fault-slow-after-commit-ms", "how long such a committed create holds its answer", "(default 10000)" },
        { "--fault-slow-rate", "delayed by --fault-slow-ms before they are handled: a client that gives up first leaves no run behind", "(default 0)" },
    };

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void Every_option_is_parsed_and_listed_in_help(string name, string? value)
    {
        var options = EmulatorOptions.Parse(value is null ? new[] { name } : new[] { name, value });
        var defaults = new EmulatorOptions();

        Assert.Contains("  " + name + " ", EmulatorOptions.HelpText);
        Assert.NotEqual(JsonSerializer.Serialize(defaults), JsonSerializer.Serialize(options));
    }

    [Fact]
    public void Values_land_in_the_right_settings_in_either_spelling()
    {
        var options = EmulatorOptions.Parse(new[]
        {
            "--api-key", "rf_live_demo", "--queued-ms=5", "--concurrency", "3", "--fault-429-rate", "0.1", "--no-idempotency",
            "--callback-retry-delays-ms", "10, 20", "--balance", "12.5", "--cancel-spelling=cancelled", "--video-bytes", "4096",
        });

        Assert.Equal("rf_live_demo", options.ApiKey);
        Assert.Equal(5, options.QueuedMs);
        Assert.Equal(3, options.Concurrency);
        Assert.Equal(0.1, options.Fault429Rate);
        Assert.True(options.NoIdempotency);
        Assert.Equal(new[] { 10, 20 }, options.CallbackRetryDelaysMs);
        Assert.Equal(12.5m, options.Balance);
        Assert.Equal("cancelled", options.CancelSpelling);
        Assert.Equal(4096, options.VideoBytes);
        Assert.Empty(EmulatorOptions.Parse(new[] { "--callback-retry-delays-ms", "" }).CallbackRetryDelaysMs);
    }

    [Theory]
    [InlineData("--fault-429-rate", "1.5")]
    [InlineData("--fault-5xx-rate", "-0.1")]
    [InlineData("--queued-ms", "-1")]
    [InlineData("--queued-ms", "soon")]
    [InlineData("--url-ttl-seconds", "0")]
    [InlineData("--video-bytes", "5000000000")]
    [InlineData("--balance", "ten")]
    [InlineData("--callback-retry-delays-ms", "10,x")]
    [InlineData("--pagination-style", "pages")]
    [InlineData("--error-style", "xml")]
    [InlineData("--urls", "127.0.0.1:8787")]
    [InlineData("--urls", "https://127.0.0.1:8787")]
    [InlineData("--file-urls", "http://127.0.0.1:8788/files")]
    [InlineData("--api-key", "has space")]
    [InlineData("--frobnicate", "1")]
    [InlineData("--no-batches=maybe", null)]
    [InlineData("--seed", null)]
    [InlineData("--search-lag-ms", "3000-1500")]
    [InlineData("--search-lag-ms", "-5")]
    [InlineData("--search-lag-ms", "1-2-3")]
    [InlineData("--search-lag-ms", "soon")]
    [InlineData("--not-found-after-create-ms", "-1")]
    [InlineData("--batch-runs-unreadable-ms", "later")]
    [InlineData("--unlisted-terminal-status", "succeeded")]
    [InlineData("--unlisted-terminal-status", "cancelled")]
    [InlineData("--unlisted-terminal-status", "Expired")]
    [InlineData("--unlisted-terminal-share", "2")]
    [InlineData("--batch-shape", "items")]
    [InlineData("--fault-slow-after-commit-rate", "1.1")]
    [InlineData("--fault-slow-after-commit-ms", "-3")]
    public void Bad_options_are_refused_with_a_message_naming_them(string name, string? value)
    {
        var failure = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(value is null ? new[] { name } : new[] { name, value }));

        Assert.Contains(name.Split('=')[0], failure.Message);
    }

    [Theory]
    [InlineData("2000", 2000, 2000)]
    [InlineData("1500-3000", 1500, 3000)]
    [InlineData("0", 0, 0)]
    [InlineData("700-700", 700, 700)]
    public void A_search_lag_is_one_number_or_a_range(string value, int minimum, int maximum)
    {
        var options = EmulatorOptions.Parse(new[] { "--search-lag-ms", value });

        Assert.Equal((minimum, maximum), (options.SearchLagMinMs, options.SearchLagMaxMs));
    }

    [Theory]
    [MemberData(nameof(ServerVariantHelp))]
    public void Help_explains_each_server_variant_option_on_its_line_with_its_default(string name, string text, string shownDefault)
    {
        var line = EmulatorOptions.HelpText.Split('\n').Single(candidate => candidate.TrimStart().StartsWith(name + " ", StringComparison.Ordinal));

        Assert.Contains(text, line);
        Assert.EndsWith(shownDefault, line);
    }

    [Fact]
    public async Task Bad_options_exit_with_code_2_and_a_message_on_stderr_only()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Program.RunAsync(new[] { "--queued-ms", "soon" }, output, error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output.ToString());
        Assert.Contains("--queued-ms", error.ToString());
    }

    [Fact]
    public async Task Help_lists_every_option_with_its_default_and_exits_0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Program.RunAsync(new[] { "--queued-ms", "5", "--help" }, output, error, CancellationToken.None);

        Assert.Equal(0, code);
        var help = output.ToString();
        Assert.Equal(EmulatorOptions.HelpText, help);
        Assert.Contains("(default 1000)", help.Split('\n').Single(line => line.TrimStart().StartsWith("--queued-ms ", StringComparison.Ordinal)));
        Assert.Contains("(default 1000,4000,16000)", help);
        Assert.Contains("--help", help);
    }

    [Fact]
    public async Task The_entry_logic_prints_one_json_line_serves_with_it_and_stops_cleanly()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var running = Program.RunAsync(new[] { "--queued-ms", "5", "--callback-secret", "whsec_cli" }, output, error, stop.Token);
        await RawApi.EventuallyAsync(() => output.ToString().Contains('\n') || running.IsCompleted, "the startup line was printed");
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var line = JsonDocument.Parse(lines.Single());
        var apiUrl = line.RootElement.GetProperty("api_url").GetString()!;
        var fileUrl = line.RootElement.GetProperty("file_url").GetString()!;
        var apiKey = line.RootElement.GetProperty("api_key").GetString()!;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, apiUrl + "/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var me = await http.SendAsync(request);
        stop.Cancel();
        var code = await running.WaitAsync(RawApi.Patience);

        Assert.StartsWith("http://127.0.0.1:", apiUrl);
        Assert.StartsWith("http://127.0.0.1:", fileUrl);
        Assert.NotEqual(new Uri(apiUrl).Port, new Uri(fileUrl).Port);
        Assert.False(apiUrl.EndsWith('/'));
        Assert.Matches("^rf_live_[0-9a-f]{32}$", apiKey);
        Assert.Equal("whsec_cli", line.RootElement.GetProperty("callback_secret").GetString());
        Assert.Equal(200, (int)me.StatusCode);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error.ToString());
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(apiUrl + "/v1/health"));
    }

    [Fact]
    public async Task A_port_already_in_use_exits_with_code_1_and_says_why()
    {
        await using var taken = await RunflowEmulator.StartAsync(new EmulatorOptions());
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Program.RunAsync(new[] { "--urls", taken.ApiUrl.ToString().TrimEnd('/') }, output, error, CancellationToken.None)
            .WaitAsync(RawApi.Patience);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output.ToString());
        Assert.Contains("could not start", error.ToString());
    }

    [Fact]
    public async Task A_key_given_on_the_command_line_is_the_only_key_accepted()
    {
        await using var emulator = await RunflowEmulator.StartAsync(EmulatorOptions.Parse(new[] { "--api-key", "rf_live_cli" }));
        using var http = new HttpClient { BaseAddress = emulator.ApiUrl };

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "rf_live_cli");
        var accepted = await http.GetAsync("/v1/billing/balance");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "rf_live_cl");
        var refused = await http.GetAsync("/v1/billing/balance");

        Assert.Equal("rf_live_cli", emulator.ApiKey);
        Assert.Equal(200, (int)accepted.StatusCode);
        Assert.Equal(401, (int)refused.StatusCode);
    }
}
