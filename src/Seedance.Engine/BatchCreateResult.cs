using System.Collections.Generic;

namespace Seedance.Engine;

/// <summary>The outcome of <see cref="RunflowClient.CreateBatchAsync"/>: the batch and, per input in order, its run.</summary>
public sealed class BatchCreateResult
{
    public BatchCreateResult(string batchId, IReadOnlyList<BatchItem> items, CreateRunOutcome outcome)
    {
        BatchId = batchId;
        Items = items;
        Outcome = outcome;
    }

    public string BatchId { get; }

    /// <summary>One per input, in input order.</summary>
    public IReadOnlyList<BatchItem> Items { get; }

    public CreateRunOutcome Outcome { get; }
}
