using System.Collections.Generic;

namespace Seedance.Emulator;

/// <summary>A snapshot of the emulator's traffic and bookkeeping, for tests and benchmarks (<c>GET /_emulator/stats</c>
/// serves the same, in snake_case).</summary>
public sealed class EmulatorStats
{
    /// <summary>Requests per route template, e.g. "POST /v1/models/{model}/runs" or "GET /outputs/{run}/video.mp4".</summary>
    public required IReadOnlyDictionary<string, long> RequestsByRoute { get; init; }

    /// <summary>Responses per route template and status, e.g. "GET /v1/runs/{id} 200".</summary>
    public required IReadOnlyDictionary<string, long> ResponsesByRouteAndStatus { get; init; }

    /// <summary>Responses per status code over both origins, e.g. "429". A dropped connection counts as "aborted".</summary>
    public required IReadOnlyDictionary<string, long> ResponsesByStatus { get; init; }

    /// <summary>The most requests of each route the emulator was answering at the same moment: shows a client's
    /// concurrency (its -ThrottleLimit) from the server's side.</summary>
    public required IReadOnlyDictionary<string, long> PeakInFlightByRoute { get; init; }

    public required long RunsCreated { get; init; }

    public required long BatchesCreated { get; init; }

    /// <summary>Creates (runs or batches) answered from the idempotency cache: nothing new was made.</summary>
    public required long IdempotentReplays { get; init; }

    /// <summary>Client refs that more than one run carries (the API does not dedupe them; each is a likely double charge).</summary>
    public required IReadOnlyList<string> DuplicateClientRefs { get; init; }

    /// <summary>Runs per current status_code.</summary>
    public required IReadOnlyDictionary<string, long> RunsByStatus { get; init; }

    public required long FileBytesServed { get; init; }

    /// <summary>Requests to the file origin that carried an Authorization header (there should be none).</summary>
    public required long AuthorizationHeadersOnFileOrigin { get; init; }

    /// <summary>Injected faults per kind: slow, slow_after_commit, 429, 429_retry_after, 500, 502, 503,
    /// drop_before_commit, drop_after_commit, truncated_download, file_500, file_503, url_expired.</summary>
    public required IReadOnlyDictionary<string, long> FaultsInjected { get; init; }

    public required long CallbacksAttempted { get; init; }

    public required long CallbacksDelivered { get; init; }

    /// <summary>Callbacks given up after the last retry.</summary>
    public required long CallbacksFailed { get; init; }

    /// <summary>Requests the emulator itself failed on (a bug in the emulator, not an injected fault).</summary>
    public required long InternalErrors { get; init; }

    public required decimal Balance { get; init; }

    public long Requests(string route) => RequestsByRoute.TryGetValue(route, out var count) ? count : 0;

    public long Responses(string routeAndStatus) => ResponsesByRouteAndStatus.TryGetValue(routeAndStatus, out var count) ? count : 0;

    public long PeakInFlight(string route) => PeakInFlightByRoute.TryGetValue(route, out var count) ? count : 0;

    public long Faults(string kind) => FaultsInjected.TryGetValue(kind, out var count) ? count : 0;
}
