using System;

namespace Seedance.Engine;

/// <summary>The base of every failure the engine reports. Messages never contain the API key.</summary>
public class RunflowException : Exception
{
    public RunflowException(string message, Exception? innerException = null, string? requestId = null)
        : base(message, innerException)
    {
        RequestId = requestId;
    }

    /// <summary>The server's request id, for support tickets, when there was a response.</summary>
    public string? RequestId { get; }
}
