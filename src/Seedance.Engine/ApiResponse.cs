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

    /// <summary>See <see cref="RetryPolicy.IsTransient"/>.</summary>
    public bool IsTransient => RetryPolicy.IsTransient(StatusCode);

    /// <summary>The error this answer reports. Its body is read once, for the error and for a request id the headers
    /// did not carry; <paramref name="relativePath"/> loses its query, so presigned credentials never end up in it.</summary>
    public RunflowApiException ToException(string method, string relativePath, ApiKey? key)
    {
        var error = ApiError.Read(Secrets.Scrub(Body, key), out var bodyRequestId);
        if (error.Code is null && error.Message is null)
        {
            error = new ApiError(null, DefaultMessage(StatusCode), error.FieldErrors);
        }

        return new RunflowApiException(StatusCode, error, method, "/" + relativePath.Split('?')[0], RequestId ?? bodyRequestId, RetryAfter);
    }

    private static string DefaultMessage(int status) => status switch
    {
        401 => "The API key is missing or invalid.",
        402 => "The organization's credit balance is exhausted.",
        403 => "Permission denied.",
        404 => "Not found.",
        409 => "Conflict.",
        422 => "The request was rejected as invalid.",
        429 => "Rate limit exceeded.",
        _ => "HTTP " + status + ".",
    };
}
