namespace Seedance.Engine;

/// <summary>One input of a batch and the run it became.</summary>
public sealed class BatchItem
{
    public BatchItem(int sequenceIndex, string runId, string clientRef)
    {
        SequenceIndex = sequenceIndex;
        RunId = runId;
        ClientRef = clientRef;
    }

    public int SequenceIndex { get; }

    public string RunId { get; }

    public string ClientRef { get; }
}
