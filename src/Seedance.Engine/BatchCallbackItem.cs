namespace Seedance.Engine;

/// <summary>One input of a batch as a batch callback lists it. The item shape is only in the OpenAPI, so every field
/// is optional here.</summary>
public sealed class BatchCallbackItem
{
    public BatchCallbackItem(int? sequenceIndex, string? runId, string? clientRef, string? statusCode)
    {
        SequenceIndex = sequenceIndex;
        RunId = runId;
        ClientRef = clientRef;
        StatusCode = statusCode;
        Status = RunStatuses.Parse(statusCode);
    }

    public int? SequenceIndex { get; }

    public string? RunId { get; }

    public string? ClientRef { get; }

    public string? StatusCode { get; }

    public RunStatus Status { get; }
}
