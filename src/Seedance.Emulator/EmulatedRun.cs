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

    /// <summary>Where in the search-lag range this run falls (0 the shortest lag, 1 the longest); drawn from the seed
    /// at creation, so the same traffic meets the same lags.</summary>
    public required double SearchLagDraw { get; init; }

    /// <summary>Drawn from the seed at creation: a run that would succeed ends with the unlisted status when this is
    /// below the configured share.</summary>
    public required double UnlistedStatusDraw { get; init; }

    /// <summary>Every way a run ends sets completed_at, so this also covers a status the docs do not list.</summary>
    public bool IsTerminal => CompletedAt is not null;

    public bool IsCanceled => Status is "canceled" or "cancelled";

    public bool HasVideo => Status is "succeeded" or "partial_succeeded";

    /// <summary>Ended with neither a video nor a cancellation: failed, or an unlisted status that carries a failure_code.</summary>
    public bool IsFailure => IsTerminal && !HasVideo && !IsCanceled;

    /// <summary>Wall-clock time from creation to the end, as the callback example's timestamps suggest (runflow-api.md §8);
    /// the run object and its callback report the same number.</summary>
    public long? DurationMs => CompletedAt is { } done ? (long)(done - CreatedAt).TotalMilliseconds : null;
}
