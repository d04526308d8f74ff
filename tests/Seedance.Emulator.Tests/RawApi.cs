using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Seedance.Emulator.Tests;

/// <summary>An emulator with fast timings and a plain HttpClient speaking to it.</summary>
public sealed class RawApi : IAsyncDisposable
{
    private RawApi(RunflowEmulator emulator)
    {
        Emulator = emulator;
        Http = new HttpClient { BaseAddress = emulator.ApiUrl };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
    }

    public RunflowEmulator Emulator { get; }

    public HttpClient Http { get; }

    public static async Task<RawApi> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { QueuedMs = 10, DispatchingMs = 10, RunningMs = 30 };
        configure?.Invoke(options);
        return new RawApi(await RunflowEmulator.StartAsync(options));
    }

    public const string TextToVideo = "/v1/models/bytedance/seedance/2.0/text-to-video/runs";

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? json = null,
        string? idempotencyKey = null)
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

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<JsonNode> WaitTerminalAsync(string runId)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var (_, run, _) = await SendAsync(HttpMethod.Get, "/v1/runs/" + runId);
            var status = run!["status_code"]!.GetValue<string>();
            if (status is "succeeded" or "failed" or "canceled" or "cancelled" or "partial_succeeded" || DateTime.UtcNow > until)
            {
                return run;
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
