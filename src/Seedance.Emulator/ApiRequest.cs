using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>What the endpoints read from a request: the JSON body, query values, ids and model paths in the route.</summary>
internal static class ApiRequest
{
    private const string RequestIdItem = "request_id";

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>Reads the body as JSON. Duplicate keys, trailing text, over-deep nesting and invalid strings are malformed (400).</summary>
    public static async Task<(byte[] Raw, JsonNode? Body, bool Malformed)> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var raw = buffer.ToArray();
        if (raw.Length == 0)
        {
            return (raw, null, false);
        }

        try
        {
            var node = JsonNode.Parse(raw, documentOptions: StrictJson);
            // Writing it once rejects what parses but cannot be text, such as a lone UTF-16 surrogate escape ("\ud800").
            _ = node?.ToJsonString();
            return (raw, node, false);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            return (raw, null, true);
        }
    }

    public static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The id in the route at <paramref name="index"/>, unescaped.</summary>
    public static string Id(string[] segments, int index) => Uri.UnescapeDataString(segments[index]);

    /// <summary>The model path between <c>/v1/models/</c> and the last <paramref name="trailing"/> segments, each segment
    /// unescaped on its own.</summary>
    public static string Model(string[] segments, int trailing) =>
        string.Join('/', segments[2..^trailing].Select(Uri.UnescapeDataString));

    /// <summary>The request id this request was given (and answers with).</summary>
    public static string RequestId(HttpContext context) => (string)context.Items[RequestIdItem]!;

    public static void SetRequestId(HttpContext context, string requestId) => context.Items[RequestIdItem] = requestId;
}
