using System;

namespace Seedance.Engine;

/// <summary>The server sent something that is not the documented JSON (malformed, truncated, or the wrong shape).</summary>
public sealed class RunflowProtocolException : RunflowException
{
    public RunflowProtocolException(string message, Exception? innerException = null, string? requestId = null)
        : base(message, innerException, requestId)
    {
    }
}
