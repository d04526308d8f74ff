using System.Collections.Concurrent;
using System.Linq;
using System.Threading;

namespace Seedance.Emulator;

internal sealed class StatsCollector
{
    private readonly ConcurrentDictionary<string, long> requests = new();
    private readonly ConcurrentDictionary<string, long> responses = new();
    private readonly ConcurrentDictionary<string, long> faults = new();
    private long runsCreated;
    private long replays;
    private long fileBytes;
    private long fileAuthorization;
    private long callbacksAttempted;
    private long callbacksDelivered;
    private long callbacksFailed;

    public void Request(string route) => requests.AddOrUpdate(route, 1, (_, count) => count + 1);

    public void Response(string route, int status) => responses.AddOrUpdate(route + " " + status, 1, (_, count) => count + 1);

    public void Fault(string kind) => faults.AddOrUpdate(kind, 1, (_, count) => count + 1);

    public void RunCreated() => Interlocked.Increment(ref runsCreated);

    public void Replay() => Interlocked.Increment(ref replays);

    public void FileBytes(long bytes) => Interlocked.Add(ref fileBytes, bytes);

    public void AuthorizationOnFileOrigin() => Interlocked.Increment(ref fileAuthorization);

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

    public EmulatorStats Snapshot(EmulatorState state) => new()
    {
        RequestsByRoute = requests.ToDictionary(pair => pair.Key, pair => pair.Value),
        ResponsesByRouteAndStatus = responses.ToDictionary(pair => pair.Key, pair => pair.Value),
        RunsCreated = Interlocked.Read(ref runsCreated),
        IdempotentReplays = Interlocked.Read(ref replays),
        DuplicateClientRefs = state.DuplicateClientRefs(),
        FileBytesServed = Interlocked.Read(ref fileBytes),
        AuthorizationHeadersOnFileOrigin = Interlocked.Read(ref fileAuthorization),
        FaultsInjected = faults.ToDictionary(pair => pair.Key, pair => pair.Value),
        CallbacksAttempted = Interlocked.Read(ref callbacksAttempted),
        CallbacksDelivered = Interlocked.Read(ref callbacksDelivered),
        CallbacksFailed = Interlocked.Read(ref callbacksFailed),
        Balance = state.Balance,
    };
}
