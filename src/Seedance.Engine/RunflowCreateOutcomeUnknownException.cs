using System;

namespace Seedance.Engine;

/// <summary>
/// A paid create was sent but whether Runflow created the run is unknown, and it could not be found out: the engine
/// stops rather than risk paying twice. The client ref (and idempotency key) let the caller look it up later.
/// </summary>
public sealed class RunflowCreateOutcomeUnknownException : RunflowException
{
    public RunflowCreateOutcomeUnknownException(string clientRef, string idempotencyKey, Exception? innerException)
        : base($"A run create was sent but its outcome is unknown, and looking it up by client ref '{clientRef}' failed; it was not resent, so it cannot be paid twice.", innerException)
    {
        ClientRef = clientRef;
        IdempotencyKey = idempotencyKey;
    }

    public string ClientRef { get; }

    public string IdempotencyKey { get; }
}
