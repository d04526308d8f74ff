using System;

namespace Seedance.Engine;

/// <summary>The client settings cannot work (no key, a refused base URI, ...).</summary>
public sealed class RunflowConfigurationException : RunflowException
{
    public RunflowConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
