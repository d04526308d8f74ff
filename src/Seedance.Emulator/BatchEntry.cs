namespace Seedance.Emulator;

/// <summary>One item of a batch: its place in the request and the run it became.</summary>
internal sealed class BatchEntry
{
    public required string Id { get; init; }

    public required int SequenceIndex { get; init; }

    public required EmulatedRun Run { get; init; }
}
