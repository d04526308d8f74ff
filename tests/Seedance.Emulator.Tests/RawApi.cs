using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>An in-process emulator with fast timings and a plain HttpClient speaking raw JSON to it.</summary>
public sealed class RawApi : IAsyncDisposable
{
    public const string TextToVideo = "/v1/models/bytedance/seedance/2.0/text-to-video/runs";
    public const string FastTextToVideo = "/v1/models/bytedance/seedance/2.0/fast/text-to-video/runs";
    public const string ImageToVideo = "/v1/models/bytedance/seedance/2.0/image-to-video/runs";
    public const string FastImageToVideo = "/v1/models/bytedance/seedance/2.0/fast/image-to-video/runs";
    public const string TextBatches = "/v1/models/bytedance/seedance/2.0/text-to-video/batches";

    /// <summary>A documented, valid text-to-video body: 5 s at 720p.</summary>
    public const string ValidBody = """{"input":{"prompt":"A street musician","duration":"5","resolution":"720p","aspect_ratio":"16:9"}}""";

    /// <summary>Generous upper bound for anything the emulator does with test timings; only keeps a broken test from hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Where a fake clock starts: a whole second, so presigned dates (second resolution) match it exactly.</summary>
    public static readonly DateTimeOffset FakeStart = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider? fakeClock;

    private RawApi(RunflowEmulator emulator, FakeTimeProvider? fakeClock)
    {
        Emulator = emulator;
        this.fakeClock = fakeClock;
        Http = new HttpClient { BaseAddress = emulator.ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
    }

    public RunflowEmulator Emulator { get; }

    public HttpClient Http { get; }

    /// <summary>The emulator's clock, which stands still until a test moves it on.</summary>
    public FakeTimeProvider FakeClock => fakeClock ?? throw new InvalidOperationException("This emulator runs on the system clock; start it with StartOnFakeClockAsync.");

    public static async Task<RawApi> StartAsync(Action<EmulatorOptions>? configure = null) =>
        new(await RunflowEmulator.StartAsync(TestOptions(configure)), null);

    /// <summary>An emulator whose every emulated time follows a fake clock starting at <see cref="FakeStart"/>.</summary>
    public static async Task<RawApi> StartOnFakeClockAsync(Action<EmulatorOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(FakeStart);
        return new(await RunflowEmulator.StartAsync(TestOptions(configure), clock), clock);
    }

    /// <summary>Moves the fake clock on by whole milliseconds.</summary>
    public void Advance(int milliseconds) => FakeClock.Advance(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>A moment as a client writes it in a filter: whole seconds, <c>Z</c>.</summary>
    public static string Zulu(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A moment as run objects write it (<c>+00:00</c>, milliseconds).</summary>
    public static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", System.Globalization.CultureInfo.InvariantCulture);

    private static EmulatorOptions TestOptions(Action<EmulatorOptions>? configure)
    {
        var options = new EmulatorOptions { QueuedMs = 10, DispatchingMs = 10, RunningMs = 30, CallbackRetryDelaysMs = new[] { 20, 40 } };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A text-to-video body with the given prompt and optional top-level extras (raw JSON members).</summary>
    public static string Body(string prompt = "A street musician", string extras = "") =>
        $$$"""{"input":{"prompt":{{{JsonValue.Create(prompt).ToJsonString()}}},"duration":"5"}{{{(extras.Length == 0 ? string.Empty : "," + extras)}}}}""";

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? json = null,
        string? idempotencyKey = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        configure?.Invoke(request);
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, string json, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, json, idempotencyKey);

    /// <summary>Creates a run and returns its id; fails the test unless the answer is 201.</summary>
    public async Task<string> CreateAsync(string body = ValidBody, string path = TextToVideo)
    {
        var (status, run, _) = await PostAsync(path, body);
        Assert.True(status == 201, $"create answered {status}: {run?.ToJsonString()}");
        return run!["id"]!.GetValue<string>();
    }

    public async Task<JsonNode> GetRunAsync(string runId)
    {
        var (status, run, _) = await GetAsync("/v1/runs/" + runId);
        Assert.Equal(200, status);
        return run!;
    }

    /// <summary>Polls the run until <paramref name="done"/> holds for it; fails the test after <see cref="Patience"/>.</summary>
    public async Task<JsonNode> WaitForAsync(string runId, Func<JsonNode, bool> done, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var run = await GetRunAsync(runId);
            if (done(run))
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < until, $"run {runId} never became {what}; last seen {run["status_code"]}");
            await Task.Delay(10);
        }
    }

    public Task<JsonNode> WaitStatusAsync(string runId, string status) =>
        WaitForAsync(runId, run => Status(run) == status, status);

    public Task<JsonNode> WaitTerminalAsync(string runId) =>
        WaitForAsync(runId, run => Status(run) is "succeeded" or "failed" or "canceled" or "cancelled" or "partial_succeeded", "terminal");

    /// <summary>Waits (bounded) until a condition on the emulator holds.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting until " + what);
            await Task.Delay(10);
        }
    }

    public static string Status(JsonNode run) => run["status_code"]!.GetValue<string>();

    public static string VideoUrl(JsonNode run) => run["output"]!["outputs"]![0]!["url"]!.GetValue<string>();

    public static IReadOnlyList<string> Strings(JsonNode? array, string field) =>
        array!.AsArray().Select(item => item![field]!.GetValue<string>()).ToList();

    /// <summary>The ids of the runs a search finds; fails the test unless it answers 200.</summary>
    public async Task<IReadOnlyList<string>> SearchIdsAsync(string query)
    {
        var (status, page, _) = await GetAsync("/v1/runs?" + query);
        Assert.True(status == 200, $"search {query} answered {status}: {page?.ToJsonString()}");
        return Strings(page!["items"], "id");
    }

    /// <summary>A q parameter, escaped.</summary>
    public static string Q(string filter) => "q=" + Uri.EscapeDataString(filter);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
