using System;
using System.Buffers;

namespace Seedance.Engine;

/// <summary>One HTTP answer of the API, read whole, kept as the UTF-8 bytes it came in (<see cref="AnswerBody"/>).</summary>
internal sealed class ApiResponse
{
    private string? text;

    public ApiResponse(int statusCode, ReadOnlySequence<byte> utf8Body, string? requestId, TimeSpan? retryAfter)
    {
        StatusCode = statusCode;
        Utf8Body = utf8Body;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    public ApiResponse(int statusCode, string body, string? requestId, TimeSpan? retryAfter)
        : this(statusCode, AnswerBody.FromText(body), requestId, retryAfter)
    {
        text = body;
    }

    public int StatusCode { get; }

    public ReadOnlySequence<byte> Utf8Body { get; }

    /// <summary>The body as text, decoded when first asked for (errors and batch answers; pages are read as bytes).</summary>
    public string Body => text ??= AnswerBody.ToText(Utf8Body);

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
