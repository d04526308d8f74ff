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

    /// <summary>Worth another try: rate limited, or a server/gateway error.</summary>
    public bool IsTransient => StatusCode is 408 or 429 or 500 or 502 or 503 or 504;
}
