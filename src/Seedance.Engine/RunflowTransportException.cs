using System;

namespace Seedance.Engine;

/// <summary>No usable answer came back: the network failed or the request timed out, after every retry.</summary>
public sealed class RunflowTransportException : RunflowException
{
    public RunflowTransportException(string message, bool isTimeout, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTimeout = isTimeout;
    }

    public bool IsTimeout { get; }
}
