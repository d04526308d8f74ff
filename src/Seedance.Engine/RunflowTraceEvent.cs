using System;

namespace Seedance.Engine;

/// <summary>One line of request tracing (for -Verbose / -Debug). Secrets are already masked.</summary>
public sealed class RunflowTraceEvent
{
    public RunflowTraceEvent(RunflowTraceEventKind kind, string method, string pathAndQuery, int? statusCode, TimeSpan? elapsed,
        int attempt, string message, string? body = null)
    {
        Kind = kind;
        Method = method;
        PathAndQuery = pathAndQuery;
        StatusCode = statusCode;
        Elapsed = elapsed;
        Attempt = attempt;
        Message = message;
        Body = body;
    }

    public RunflowTraceEventKind Kind { get; }

    public string Method { get; }

    /// <summary>The path and query, with presigned credentials masked.</summary>
    public string PathAndQuery { get; }

    public int? StatusCode { get; }

    public TimeSpan? Elapsed { get; }

    public int Attempt { get; }

    public string Message { get; }

    public string? Body { get; }

    public override string ToString() => $"{Kind} {Method} {PathAndQuery} {StatusCode} {Message}";
}
