using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>A batch: one run per input item. Its status and counters are derived from its runs whenever it is read.
/// Mutated only under <see cref="EmulatorState.Gate"/>.</summary>
internal sealed class EmulatedBatch
{
    public required string Id { get; init; }

    public required string ModelId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public JsonNode? Metadata { get; init; }

    public string? CallbackUrl { get; init; }

    public required IReadOnlyList<BatchEntry> Items { get; init; }

    /// <summary>Set once the batch callback has been queued, so it fires once.</summary>
    public bool CallbackQueued { get; set; }

    public bool IsTerminal => Items.All(item => item.Run.IsTerminal);

    public int Succeeded => Items.Count(item => item.Run.HasVideo);

    public int Failed => Items.Count(item => item.Run.IsFailure);

    public int Canceled => Items.Count(item => item.Run.IsCanceled);

    /// <summary>queued until a run moves, running until all end, then succeeded/failed/canceled when every run ended
    /// alike (and with no partial run), partial_succeeded otherwise.</summary>
    public string Status(string cancelSpelling)
    {
        if (!IsTerminal)
        {
            return Items.All(item => item.Run.Status == "queued") ? "queued" : "running";
        }

        if (Items.All(item => item.Run.Status == "succeeded"))
        {
            return "succeeded";
        }

        if (Failed == Items.Count)
        {
            return "failed";
        }

        return Canceled == Items.Count ? cancelSpelling : "partial_succeeded";
    }

    public DateTimeOffset? StartedAt => Items.Select(item => item.Run.StartedAt).Where(time => time is not null).Min();

    public DateTimeOffset? CompletedAt => IsTerminal ? Items.Max(item => item.Run.CompletedAt) : null;

    public decimal? Cost => Items.Any(item => item.Run.Cost is not null) ? Items.Sum(item => item.Run.Cost ?? 0m) : null;
}
