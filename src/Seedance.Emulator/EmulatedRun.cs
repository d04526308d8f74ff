using System;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>One run held by the emulator. Mutated only under <see cref="EmulatorState.Gate"/>.</summary>
internal sealed class EmulatedRun
{
    public required string Id { get; init; }

    public required string Model { get; init; }

    public required string ModelId { get; init; }

    public required JsonObject Input { get; init; }

    public string? CallbackUrl { get; init; }

    public JsonNode? Metadata { get; init; }

    public string? ClientRef { get; init; }

    public string? BatchId { get; init; }

    public required string RequestId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Runs leave the queue in creation order; this is their place.</summary>
    public required long Sequence { get; init; }

    public string Status { get; set; } = "queued";

    public DateTimeOffset? DispatchedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public decimal? Cost { get; set; }

    public required int VideoSeconds { get; init; }

    public string? FailureCode { get; set; }

    public string? FailureMessage { get; set; }

    public string? FailureStage { get; set; }

    public required string OutputSeed { get; init; }

    public bool IsTerminal => Status is "succeeded" or "failed" or "canceled" or "cancelled" or "partial_succeeded";

    public bool IsCanceled => Status is "canceled" or "cancelled";

    public bool HasVideo => Status is "succeeded" or "partial_succeeded";

    /// <summary>Wall-clock time from creation to the end, as the callback example's timestamps suggest (runflow-api.md §8);
    /// the run object and its callback report the same number.</summary>
    public long? DurationMs => CompletedAt is { } done ? (long)(done - CreatedAt).TotalMilliseconds : null;
}
