namespace Seedance.Engine;

/// <summary>A row was not paid for because the ledger's last take of its client ref says to ask first: the input
/// changed, or that take was canceled (not refunded) or ended in a status nobody listed.</summary>
public sealed class RunflowRerunRefusedException : RunflowException
{
    public RunflowRerunRefusedException(string clientRef, string reason, bool inputChanged, string? previousRunId, string newInputJson)
        : base($"Client ref '{clientRef}' was not submitted: {reason}. This row's input: {newInputJson}. Nothing was paid for.")
    {
        ClientRef = clientRef;
        InputChanged = inputChanged;
        PreviousRunId = previousRunId;
    }

    public string ClientRef { get; }

    public bool InputChanged { get; }

    public string? PreviousRunId { get; }
}
