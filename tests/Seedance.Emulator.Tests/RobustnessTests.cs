using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>Whatever a client sends, the emulator answers with a 4xx of its own, never a 500 from a bug.</summary>
public class RobustnessTests
{
    private static readonly string[] OddBodies =
    {
        "", "null", "[]", "\"text\"", "123", "true", "{}", """{"input":123}""", """{"input":[1,2]}""", """{"input":{"prompt":["x"]}}""",
        """{"input":[{"prompt":{"nested":true}}]}""", """{"items":[{"input":5}]}""", """{"label":[1]}""", """{"reason":{}}""",
        """{"filename":7,"mime_type":false,"size_bytes":"big"}""", """{"set":{},"add":[]}""", """{"input":{"prompt":"x"},"metadata":{"a":{"b":{"c":[1,{"d":null}]}}}}""",
        new string('[', 200) + new string(']', 200), """{"a":1,"a":2}""", "{\"input\":{\"prompt\":\"\\ud800\"}}",
    };

    private static readonly string[] PostRoutes =
    {
        RawApi.TextToVideo, RawApi.ImageToVideo, RawApi.TextBatches, "/v1/asset-uploads", "/v1/asset-uploads/unknown/confirmations",
        "/v1/callback-secrets", "/v1/admin/runs/unknown/cancellation", "/v1/runs/unknown/callback-redeliveries", "/_emulator/balance", "/_emulator/options",
    };

    private static readonly string[] OddQueries =
    {
        "/v1/runs?limit=-1", "/v1/runs?limit=99999999999", "/v1/runs?pq=%25%25%25", "/v1/runs?pq=", "/v1/runs?sort_by=,,,", "/v1/runs?sort_by=:desc",
        "/v1/runs?q=" + Uri.EscapeDataString("client_ref:\"\u00e9\u6f22\""), "/v1/runs?q=" + Uri.EscapeDataString(string.Concat(Enumerable.Repeat("NOT ", 100)) + "id:x"),
        "/v1/runs?q=" + Uri.EscapeDataString(new string('(', 100) + "id:x" + new string(')', 100)), "/v1/runs?q=%00", "/v1/runs?fields=,,&from_prev=true",
        "/v1/runs/%2F..%2F", "/v1/batches/%00", "/v1/assets/..", "/v1/models/%2F/%2F", "/v1/models?q=%00", "/v1/runs/x/callback",
    };

    [Fact]
    public async Task Odd_bodies_and_queries_get_client_errors_never_server_errors()
    {
        await using var api = await RawApi.StartAsync();
        var answers = new List<(string Request, int Status)>();

        foreach (var route in PostRoutes)
        {
            foreach (var body in OddBodies)
            {
                var (status, _, _) = await SendRawAsync(api, HttpMethod.Post, route, body);
                answers.Add(($"POST {route} {body}", status));
            }
        }

        foreach (var query in OddQueries)
        {
            var (status, _, _) = await SendRawAsync(api, HttpMethod.Get, query, null);
            answers.Add(($"GET {query}", status));
        }

        Assert.All(answers, answer => Assert.True(answer.Status is >= 200 and < 500, $"{answer.Request} answered {answer.Status}"));
        Assert.Equal(0, api.Emulator.GetStats().InternalErrors);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_are_404_for_an_authorized_client()
    {
        await using var api = await RawApi.StartAsync();

        var deleteRun = await api.SendAsync(HttpMethod.Delete, "/v1/runs/x");
        var unknown = await api.GetAsync("/v1/everything");
        var outside = await api.GetAsync("/robots.txt");

        Assert.Equal(new[] { 404, 404, 404 }, new[] { deleteRun.Status, unknown.Status, outside.Status });
    }

    private static async Task<(int Status, string Body, HttpResponseMessage Response)> SendRawAsync(RawApi api, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await api.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }
}
