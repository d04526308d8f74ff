using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Seedance.Emulator;

/// <summary>Counts traffic as it happens; <see cref="Snapshot"/> copies it into an <see cref="EmulatorStats"/>.</summary>
internal sealed class StatsCollector
{
    private readonly ConcurrentDictionary<string, long> requests = new();
    private readonly ConcurrentDictionary<string, long> responses = new();
    private readonly ConcurrentDictionary<string, long> statuses = new();
    private readonly ConcurrentDictionary<string, long> faults = new();
    private readonly object inFlightGate = new();
    private readonly System.Collections.Generic.Dictionary<string, long> inFlight = new();
    private readonly System.Collections.Generic.Dictionary<string, long> peakInFlight = new();
    private long runsCreated;
    private long batchesCreated;
    private long replays;
    private long fileBytes;
    private long fileAuthorization;
    private long callbacksAttempted;
    private long callbacksDelivered;
    private long callbacksFailed;
    private long internalErrors;

    public void Request(string route)
    {
        Increment(requests, route);
        lock (inFlightGate)
        {
            var now = (inFlight.TryGetValue(route, out var current) ? current : 0) + 1;
            inFlight[route] = now;
            if (!peakInFlight.TryGetValue(route, out var peak) || now > peak)
            {
                peakInFlight[route] = now;
            }
        }
    }

    public void Response(string route, int status, bool aborted)
    {
        lock (inFlightGate)
        {
            inFlight[route] = inFlight.TryGetValue(route, out var current) ? current - 1 : 0;
        }

        var outcome = aborted ? "aborted" : status.ToString(CultureInfo.InvariantCulture);
        Increment(responses, route + " " + outcome);
        Increment(statuses, outcome);
    }

    public void Fault(string kind) => Increment(faults, kind);

    public void RunCreated() => Interlocked.Increment(ref runsCreated);

    public void BatchCreated() => Interlocked.Increment(ref batchesCreated);

    public void Replay() => Interlocked.Increment(ref replays);

    public void FileBytes(long bytes) => Interlocked.Add(ref fileBytes, bytes);

    public void AuthorizationOnFileOrigin() => Interlocked.Increment(ref fileAuthorization);

    public void InternalError() => Interlocked.Increment(ref internalErrors);

    public void CallbackAttempt(bool delivered, bool finalFailure)
    {
        Interlocked.Increment(ref callbacksAttempted);
        if (delivered)
        {
            Interlocked.Increment(ref callbacksDelivered);
        }
        else if (finalFailure)
        {
            Interlocked.Increment(ref callbacksFailed);
        }
    }

    private System.Collections.Generic.Dictionary<string, long> PeakInFlight()
    {
        lock (inFlightGate)
        {
            return new System.Collections.Generic.Dictionary<string, long>(peakInFlight);
        }
    }

    public EmulatorStats Snapshot(EmulatorState state) => new()
    {
        RequestsByRoute = requests.ToDictionary(pair => pair.Key, pair => pair.Value),
        ResponsesByRouteAndStatus = responses.ToDictionary(pair => pair.Key, pair => pair.Value),
        ResponsesByStatus = statuses.ToDictionary(pair => pair.Key, pair => pair.Value),
        PeakInFlightByRoute = PeakInFlight(),
        RunsCreated = Interlocked.Read(ref runsCreated),
        BatchesCreated = Interlocked.Read(ref batchesCreated),
        IdempotentReplays = Interlocked.Read(ref replays),
        DuplicateClientRefs = state.DuplicateClientRefs(),
        RunsByStatus = state.RunsByStatus(),
        FileBytesServed = Interlocked.Read(ref fileBytes),
        AuthorizationHeadersOnFileOrigin = Interlocked.Read(ref fileAuthorization),
        FaultsInjected = faults.ToDictionary(pair => pair.Key, pair => pair.Value),
        CallbacksAttempted = Interlocked.Read(ref callbacksAttempted),
        CallbacksDelivered = Interlocked.Read(ref callbacksDelivered),
        CallbacksFailed = Interlocked.Read(ref callbacksFailed),
        InternalErrors = Interlocked.Read(ref internalErrors),
        Balance = state.Balance,
    };

    private static void Increment(ConcurrentDictionary<string, long> counts, string key) => counts.AddOrUpdate(key, 1, (_, count) => count + 1);
}
