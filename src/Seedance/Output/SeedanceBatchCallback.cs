using System;
using System.Collections.Generic;
using Seedance.Engine;

namespace Seedance;

/// <summary>What ConvertFrom-SeedanceCallback returns for a batch callback: the batch's outcome and its items, whose
/// RunId lets them be piped to Get-SeedanceRun or Save-SeedanceVideo.</summary>
public sealed class SeedanceBatchCallback
{
    private readonly CallbackPayload payload;

    internal SeedanceBatchCallback(CallbackPayload payload)
    {
        this.payload = payload;
    }

    public string BatchId => payload.BatchId!;

    /// <summary>batch.succeeded and so on, as sent.</summary>
    public string? Event => payload.Event;

    public RunStatus Status => payload.Status;

    public string? StatusCode => payload.StatusCode;

    public int? Total => payload.BatchTotal;

    public int? Succeeded => payload.BatchSucceeded;

    public int? Failed => payload.BatchFailed;

    public int? Cancelled => payload.BatchCancelled;

    public IReadOnlyList<BatchCallbackItem> Items => payload.BatchItems;

    public DateTimeOffset? CompletedAt => payload.CompletedAt;

    public IDictionary<string, object?>? Metadata => payload.Metadata;

    /// <summary>The body as received, for logging or replay.</summary>
    public string RawJson => payload.RawJson;

    public override string ToString() => $"Batch {BatchId}: {StatusCode ?? Status.ToString()}";
}
