using System;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

public class CommandLineTests
{
    [Fact]
    public void Every_option_is_parsed_and_listed_in_help()
    {
        var options = EmulatorOptions.Parse(new[]
        {
            "--urls", "http://127.0.0.1:8787", "--api-key", "rf_live_demo", "--queued-ms", "5", "--concurrency", "3",
            "--fault-429-rate", "0.1", "--no-idempotency", "--pagination-style", "next_pq", "--callback-retry-delays-ms", "10,20",
            "--balance", "12.5", "--cancel-spelling", "cancelled",
        });

        Assert.Equal("rf_live_demo", options.ApiKey);
        Assert.Equal(5, options.QueuedMs);
        Assert.Equal(3, options.Concurrency);
        Assert.Equal(0.1, options.Fault429Rate);
        Assert.True(options.NoIdempotency);
        Assert.Equal("next_pq", options.PaginationStyle);
        Assert.Equal(new[] { 10, 20 }, options.CallbackRetryDelaysMs);
        Assert.Equal(12.5m, options.Balance);
        foreach (var name in new[] { "--queued-ms", "--concurrency", "--seed", "--fault-drop-after-commit-rate", "--fault-truncate-rate", "--url-ttl-seconds", "--error-style" })
        {
            Assert.Contains(name, EmulatorOptions.HelpText);
        }
    }

    [Theory]
    [InlineData("--fault-429-rate", "1.5")]
    [InlineData("--queued-ms", "-1")]
    [InlineData("--pagination-style", "pages")]
    [InlineData("--frobnicate", "1")]
    public void Bad_options_are_refused_with_a_message(string name, string value)
    {
        var failure = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { name, value }));

        Assert.Contains(name, failure.Message);
    }

    [Fact]
    public async Task Main_returns_2_on_bad_options_and_the_startup_line_names_both_origins_and_a_made_up_key()
    {
        Assert.Equal(2, await Program.Main(new[] { "--queued-ms", "soon" }));
        await using var emulator = await RunflowEmulator.StartAsync(new EmulatorOptions());

        using var line = JsonDocument.Parse(Program.StartupLine(emulator));

        Assert.StartsWith("http://127.0.0.1:", line.RootElement.GetProperty("api_url").GetString());
        Assert.NotEqual(line.RootElement.GetProperty("api_url").GetString(), line.RootElement.GetProperty("file_url").GetString());
        Assert.StartsWith("rf_live_", line.RootElement.GetProperty("api_key").GetString());
    }
}
