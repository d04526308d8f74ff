using System;

namespace Seedance.Engine;

/// <summary>
/// A paid create may have been sent, and whether Runflow created the run could not be decided by documented means:
/// it was not resent, so it cannot be paid twice. The ledger keeps it as maybe-sent; the next run with the same client
/// ref resolves it first.
/// </summary>
public sealed class RunflowCreateOutcomeUnknownException : RunflowException
{
    public RunflowCreateOutcomeUnknownException(string clientRef, string idempotencyKey, Exception? innerException, string? reason = null)
        : base($"A run create for client ref '{clientRef}' was sent but its outcome is unknown{(reason is null ? string.Empty : " (" + reason + ")")}; it was not resent, so it cannot be paid twice.", innerException)
    {
        ClientRef = clientRef;
        IdempotencyKey = idempotencyKey;
        Reason = reason;
    }

    public string ClientRef { get; }

    public string IdempotencyKey { get; }

    public string? Reason { get; }
}
