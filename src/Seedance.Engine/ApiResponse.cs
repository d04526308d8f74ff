using System;

namespace Seedance.Engine;

/// <summary>One HTTP answer of the API, read whole (API bodies are small JSON documents).</summary>
internal sealed class ApiResponse
{
    public ApiResponse(int statusCode, string body, string? requestId, TimeSpan? retryAfter)
    {
        StatusCode = statusCode;
        Body = body;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    public string Body { get; }

    public string? RequestId { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The documented retry policy: 429 and 5xx, never another 4xx. 501 is the exception: "not implemented" is
    /// permanent, and retrying it would only delay the fallback a caller has for an unsupported route.</summary>
    public bool IsTransient => StatusCode == 429 || (StatusCode >= 500 && StatusCode != 501);
}
