using System;
using System.Collections.Generic;

namespace Seedance.Engine;

/// <summary>The API answered with an error status.</summary>
public sealed class RunflowApiException : RunflowException
{
    public RunflowApiException(int statusCode, ApiError error, string method, string path, string? requestId, TimeSpan? retryAfter)
        : base(Compose(statusCode, error, method, path), null, requestId)
    {
        StatusCode = statusCode;
        Error = error;
        Method = method;
        Path = path;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    /// <summary>The API's stable error code (e.g. UNAUTHORIZED, INSUFFICIENT_CREDIT, RUN_NOT_FOUND), when it sent one.</summary>
    public string? ErrorCode => Error.Code;

    public ApiError Error { get; }

    public IReadOnlyList<FieldError> FieldErrors => Error.FieldErrors;

    public TimeSpan? RetryAfter { get; }

    public string Method { get; }

    /// <summary>The request path (no query string, so presigned credentials never end up here).</summary>
    public string Path { get; }

    private static string Compose(int statusCode, ApiError error, string method, string path)
    {
        var code = string.IsNullOrEmpty(error.Code) ? string.Empty : $" {error.Code}";
        var text = string.IsNullOrEmpty(error.Message) ? "no message" : error.Message;
        var fields = error.FieldErrors.Count == 0 ? string.Empty : " (" + string.Join("; ", FieldTexts(error.FieldErrors)) + ")";
        return $"Runflow API {method} {path} failed with {statusCode}{code}: {text}{fields}";
    }

    private static IEnumerable<string> FieldTexts(IReadOnlyList<FieldError> errors)
    {
        foreach (var field in errors)
        {
            yield return string.IsNullOrEmpty(field.Field) ? field.Message ?? "invalid" : $"{field.Field}: {field.Message}";
        }
    }
}
