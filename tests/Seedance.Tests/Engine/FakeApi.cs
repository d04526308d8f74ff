using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;

namespace Seedance.Tests.Engine;

/// <summary>A scripted HTTP server in memory: each request is recorded and answered by the test's handler.</summary>
public sealed class FakeApi : HttpMessageHandler
{
    public const string Key = "rf_live_0123456789abcdefSECRETKEY";
    private readonly Func<RecordedRequest, int, HttpResponseMessage> respond;

    public FakeApi(Func<RecordedRequest, int, HttpResponseMessage> respond)
    {
        this.respond = respond;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IReadOnlyList<RecordedRequest> Matching(string method, string pathPrefix) =>
        Requests.Where(request => request.Method == method && request.Uri.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    public static RunflowClientOptions Options(string baseUrl = "https://api.example.test") => new()
    {
        BaseUri = new Uri(baseUrl),
        ApiKey = new ApiKey(Key),
        Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), MaxJitter = TimeSpan.Zero },
        Polling = new PollingOptions
        {
            InitialInterval = TimeSpan.FromMilliseconds(10),
            MaxInterval = TimeSpan.FromMilliseconds(40),
        },
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    public RunflowClient Client(RunflowClientOptions? options = null) => new(options ?? Options(), this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync().ConfigureAwait(false);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(header => header.Key, header => string.Join(",", header.Value), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body);
        Requests.Enqueue(recorded);
        var response = respond(recorded, Requests.Count);
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, Action<HttpResponseMessage>? adjust = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        adjust?.Invoke(response);
        return response;
    }

    public static HttpResponseMessage Bytes(HttpStatusCode status, byte[] bytes, long? declaredLength = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentLength = declaredLength ?? bytes.Length;
        return new HttpResponseMessage(status) { Content = content };
    }

    public static string RunJson(string id, string status = "queued", string? clientRef = null, string? prompt = "a cat", string? videoUrl = null,
        string extra = "") =>
        "{\"id\":\"" + id + "\",\"status_code\":\"" + status + "\"" +
        (clientRef is null ? string.Empty : ",\"client_ref\":\"" + clientRef + "\"") +
        (prompt is null ? string.Empty : ",\"input\":{\"prompt\":\"" + prompt + "\",\"duration\":\"5\"}") +
        (videoUrl is null ? string.Empty : ",\"output\":{\"outputs\":[{\"url\":\"" + videoUrl + "\",\"type\":\"video\"}],\"seed\":\"42\"}") +
        extra + "}";

    /// <summary>A response that fails as a dropped connection does.</summary>
    public static HttpResponseMessage Drop() => throw new HttpRequestException("The connection was reset by the peer.", new IOException("reset"));
}

public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string PathAndQuery => Uri.PathAndQuery;

    public string Query => Uri.UnescapeDataString(Uri.Query);
}
