using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace Seedance.Benchmarks;

/// <summary>What a hand-written Invoke-RestMethod loop does: submit, poll every 2 s, download, next.</summary>
internal static class SequentialClient
{
    public static async Task<TimeSpan> RunAsync(EmulatorProcess emulator, int count, string directory)
    {
        using var http = new HttpClient();
        var stopwatch = Stopwatch.StartNew();
        for (var index = 0; index < count; index++)
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, emulator.ApiUrl + "/v1/models/bytedance/seedance/2.0/text-to-video/runs")
            {
                Content = new StringContent($"{{\"input\":{{\"prompt\":\"sequential {index}\",\"duration\":\"4\"}}}}", Encoding.UTF8, "application/json"),
            };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
            using var created = await http.SendAsync(create);
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            while (true)
            {
                await Task.Delay(2000);
                using var get = new HttpRequestMessage(HttpMethod.Get, emulator.ApiUrl + "/v1/runs/" + id);
                get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
                using var response = await http.SendAsync(get);
                var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                if (run.GetProperty("status_code").GetString() == "succeeded")
                {
                    var url = run.GetProperty("output").GetProperty("outputs")[0].GetProperty("url").GetString()!;
                    await File.WriteAllBytesAsync(Path.Combine(directory, id + ".mp4"), await http.GetByteArrayAsync(url));
                    break;
                }
            }
        }

        return stopwatch.Elapsed;
    }
}
