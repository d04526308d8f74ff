using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;

namespace Seedance.Benchmarks;

/// <summary>The emulator in its own process, so the benchmark's memory figures are the module's alone.</summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process process;

    private EmulatorProcess(Process process, string apiUrl, string apiKey)
    {
        this.process = process;
        ApiUrl = apiUrl;
        ApiKey = apiKey;
    }

    public string ApiUrl { get; }

    public string ApiKey { get; }

    public static EmulatorProcess Start(string repositoryRoot, string arguments)
    {
        var dll = Path.Combine(repositoryRoot, "src", "Seedance.Emulator", "bin", "Release", "net10.0", "Seedance.Emulator.dll");
        if (!File.Exists(dll))
        {
            dll = dll.Replace(Path.Combine("bin", "Release"), Path.Combine("bin", "Debug"));
        }

        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:0 {arguments}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        string? line;
        do
        {
            line = process.StandardOutput.ReadLine();
        }
        while (line is not null && !line.StartsWith('{'));

        using var json = JsonDocument.Parse(line ?? throw new InvalidOperationException("The emulator did not start."));
        return new EmulatorProcess(process, json.RootElement.GetProperty("api_url").GetString()!, json.RootElement.GetProperty("api_key").GetString()!);
    }

    public async Task<JsonDocument> StatsAsync()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return JsonDocument.Parse(await http.GetStringAsync(ApiUrl + "/_emulator/stats"));
    }

    /// <summary>From the first run's creation to the last run's completion, as the server recorded them: the part of the
    /// wall time no client can shorten once the runs are created.</summary>
    public async Task<TimeSpan> ServerSpanAsync()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        DateTimeOffset? first = null;
        DateTimeOffset? last = null;
        string? cursor = null;
        do
        {
            var url = ApiUrl + "/v1/runs?limit=500&fields=created_at,completed_at" + (cursor is null ? string.Empty : "&pq=" + Uri.EscapeDataString(cursor));
            using var page = JsonDocument.Parse(await http.GetStringAsync(url));
            foreach (var item in page.RootElement.GetProperty("items").EnumerateArray())
            {
                var created = item.GetProperty("created_at").GetDateTimeOffset();
                first = first is null || created < first ? created : first;
                if (item.TryGetProperty("completed_at", out var completedAt) && completedAt.ValueKind == JsonValueKind.String)
                {
                    var completed = completedAt.GetDateTimeOffset();
                    last = last is null || completed > last ? completed : last;
                }
            }

            cursor = page.RootElement.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return first is { } start && last is { } end ? end - start : TimeSpan.Zero;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
