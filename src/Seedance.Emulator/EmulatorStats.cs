using System.Collections.Generic;

namespace Seedance.Emulator;

/// <summary>A snapshot of the emulator's traffic and bookkeeping, for tests and benchmarks.</summary>
public sealed class EmulatorStats
{
    /// <summary>Requests per route template, e.g. "POST /v1/models/{model}/runs".</summary>
    public required IReadOnlyDictionary<string, long> RequestsByRoute { get; init; }

    /// <summary>Responses per route template and status, e.g. "GET /v1/runs/{id} 200".</summary>
    public required IReadOnlyDictionary<string, long> ResponsesByRouteAndStatus { get; init; }

    public required long RunsCreated { get; init; }

    public required long IdempotentReplays { get; init; }

    /// <summary>Client refs that more than one run carries.</summary>
    public required IReadOnlyList<string> DuplicateClientRefs { get; init; }

    public required long FileBytesServed { get; init; }

    /// <summary>Requests to the file origin that carried an Authorization header (there should be none).</summary>
    public required long AuthorizationHeadersOnFileOrigin { get; init; }

    public required IReadOnlyDictionary<string, long> FaultsInjected { get; init; }

    public required long CallbacksAttempted { get; init; }

    public required long CallbacksDelivered { get; init; }

    public required long CallbacksFailed { get; init; }

    public required decimal Balance { get; init; }

    public long Requests(string route) => RequestsByRoute.TryGetValue(route, out var count) ? count : 0;

    public long Faults(string kind) => FaultsInjected.TryGetValue(kind, out var count) ? count : 0;
}
