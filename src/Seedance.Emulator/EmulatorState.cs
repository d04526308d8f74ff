using System;
using System.Collections.Generic;
using System.Linq;

namespace Seedance.Emulator;

/// <summary>
/// Everything the emulated organization holds: runs, batches, idempotency records, balance, assets, callback secrets.
/// One lock (<see cref="Gate"/>) guards it all; the emulator's scale (thousands of runs) does not need more. Methods
/// without their own lock expect the caller to hold it.
/// </summary>
internal sealed class EmulatorState
{
    private readonly EmulatorOptions options;
    private readonly Dictionary<string, EmulatedRun> runs = new(StringComparer.Ordinal);
    private readonly List<EmulatedRun> ordered = new();
    private readonly List<EmulatedRun> unfinished = new();
    private readonly Dictionary<string, (string Fingerprint, int Status, string ResponseBody)> idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedBatch> batches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedAsset> assets = new(StringComparer.Ordinal);
    private readonly List<(string Id, string Secret)> callbackSecrets = new();
    private readonly Random runDraws;
    private long sequence;
    private decimal balance;

    public EmulatorState(EmulatorOptions options, IdFactory ids)
    {
        this.options = options;
        Ids = ids;
        balance = options.Balance;
        // A stream of its own, like the ids': drawing per-run chances must not shift which requests get faults.
        runDraws = new Random(unchecked((options.Seed * 7919) ^ 0x1a9));
        if (!string.IsNullOrEmpty(options.CallbackSecret))
        {
            callbackSecrets.Add((ids.NewId(), options.CallbackSecret!));
        }
    }

    public object Gate { get; } = new();

    public IdFactory Ids { get; }

    public decimal Balance
    {
        get
        {
            lock (Gate)
            {
                return balance;
            }
        }
    }

    public bool HasCredit
    {
        get
        {
            lock (Gate)
            {
                return balance > 0;
            }
        }
    }

    /// <summary>The current signing secret (the newest), if the organization has one.</summary>
    public (string Id, string Secret)? CurrentCallbackSecret
    {
        get
        {
            lock (Gate)
            {
                return callbackSecrets.Count == 0 ? null : callbackSecrets[^1];
            }
        }
    }

    public void AddCallbackSecret(string id, string secret)
    {
        lock (Gate)
        {
            callbackSecrets.Add((id, secret));
        }
    }

    public void SetBalance(decimal usd)
    {
        lock (Gate)
        {
            balance = usd;
        }
    }

    public void AddBalance(decimal usd)
    {
        lock (Gate)
        {
            balance += usd;
        }
    }

    public long NextSequence() => ++sequence;

    /// <summary>A seeded number in [0, 1) for one of a new run's chances.</summary>
    public double NextRunDraw() => runDraws.NextDouble();

    public void Add(EmulatedRun run)
    {
        runs[run.Id] = run;
        ordered.Add(run);
        unfinished.Add(run);
    }

    public EmulatedRun? Find(string id) => runs.TryGetValue(id, out var run) ? run : null;

    public IReadOnlyList<EmulatedRun> All() => ordered;

    public IReadOnlyList<string> RunIdsForClientRef(string clientRef)
    {
        lock (Gate)
        {
            return ordered.Where(run => run.ClientRef == clientRef).Select(run => run.Id).ToList();
        }
    }

    /// <summary>Client refs carried by more than one run, single or batch: each is a run the client probably paid for twice.</summary>
    public IReadOnlyList<string> DuplicateClientRefs()
    {
        lock (Gate)
        {
            return ordered.Where(run => run.ClientRef is not null).GroupBy(run => run.ClientRef!, StringComparer.Ordinal)
                .Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        }
    }

    public IReadOnlyDictionary<string, long> RunsByStatus()
    {
        lock (Gate)
        {
            return ordered.GroupBy(run => run.Status, StringComparer.Ordinal).ToDictionary(group => group.Key, group => (long)group.Count(), StringComparer.Ordinal);
        }
    }

    /// <summary>Looks an Idempotency-Key up: a replay of the stored answer when the request's fingerprint matches, a
    /// conflict when it does not, false when the key is new.</summary>
    public bool TryReplay(string key, string fingerprint, out (int Status, string Body, bool Conflict) replay)
    {
        if (idempotency.TryGetValue(key, out var stored))
        {
            replay = stored.Fingerprint == fingerprint ? (stored.Status, stored.ResponseBody, false) : (409, string.Empty, true);
            return true;
        }

        replay = default;
        return false;
    }

    /// <summary>Stores the answer to replay for a key. The real key TTL is UNKNOWN (runflow-api.md §7); keys are kept for
    /// the emulator's lifetime, the defensive reading: a late retry is replayed rather than creating a second paid run.</summary>
    public void Remember(string key, string fingerprint, int status, string body) => idempotency[key] = (fingerprint, status, body);

    public void AddBatch(EmulatedBatch batch) => batches[batch.Id] = batch;

    public EmulatedBatch? FindBatch(string id) => batches.TryGetValue(id, out var batch) ? batch : null;

    public void AddAsset(EmulatedAsset asset) => assets[asset.Id] = asset;

    public EmulatedAsset? FindAsset(string id) => assets.TryGetValue(id, out var asset) ? asset : null;

    /// <summary>Whether a run input may name the asset: it exists and its upload was confirmed.</summary>
    public bool HasConfirmedAsset(string id) => FindAsset(id) is { Confirmed: true };

    /// <summary>Moves runs along queued → dispatching → running → terminal; returns the runs that just ended.</summary>
    public List<EmulatedRun> Advance(DateTimeOffset now)
    {
        var ended = new List<EmulatedRun>();
        unfinished.RemoveAll(run => run.IsTerminal);
        var active = unfinished.Count(run => run.Status is "dispatching" or "running");
        foreach (var run in unfinished)
        {
            switch (run.Status)
            {
                case "queued":
                    if ((options.Concurrency == 0 || active < options.Concurrency) && now >= run.CreatedAt.AddMilliseconds(options.QueuedMs))
                    {
                        run.Status = "dispatching";
                        run.DispatchedAt = now;
                        active++;
                    }

                    break;
                case "dispatching":
                    if (now >= run.DispatchedAt!.Value.AddMilliseconds(options.DispatchingMs))
                    {
                        run.Status = "running";
                        run.StartedAt = now;
                    }

                    break;
                case "running":
                    if (now >= run.StartedAt!.Value.AddMilliseconds(options.RunningMs))
                    {
                        Finish(run, now);
                        ended.Add(run);
                        active--;
                    }

                    break;
            }
        }

        unfinished.RemoveAll(run => run.IsTerminal);
        return ended;
    }

    /// <summary>Whether a run's next stage is due at <paramref name="now"/> already. A queued run also needs a free slot,
    /// and a slot frees only when another run's stage ends.</summary>
    public bool HasStageDue(DateTimeOffset now)
    {
        var slotFree = options.Concurrency == 0 || unfinished.Count(run => run.Status is "dispatching" or "running") < options.Concurrency;
        return unfinished.Any(run => run.Status switch
        {
            "queued" => slotFree && now >= run.CreatedAt.AddMilliseconds(options.QueuedMs),
            "dispatching" => now >= run.DispatchedAt!.Value.AddMilliseconds(options.DispatchingMs),
            "running" => now >= run.StartedAt!.Value.AddMilliseconds(options.RunningMs),
            _ => false,
        });
    }

    /// <summary>Moves a non-terminal run to canceled; false (and nothing changes) when it already ended.</summary>
    public bool Cancel(EmulatedRun run, DateTimeOffset now)
    {
        if (run.IsTerminal)
        {
            return false;
        }

        run.Status = options.CancelSpelling;
        run.CompletedAt = now;
        return true;
    }

    /// <summary>The batches that the given runs just finished, each returned once.</summary>
    public List<EmulatedBatch> BatchesFinishedBy(IEnumerable<EmulatedRun> ended)
    {
        var finished = new List<EmulatedBatch>();
        foreach (var run in ended)
        {
            if (run.BatchId is not null && FindBatch(run.BatchId) is { CallbackQueued: false } batch && batch.IsTerminal)
            {
                batch.CallbackQueued = true;
                finished.Add(batch);
            }
        }

        return finished;
    }

    private void Finish(EmulatedRun run, DateTimeOffset now)
    {
        run.CompletedAt = now;
        var prompt = JsonRead.String(run.Input["prompt"]) ?? string.Empty;
        if (!string.IsNullOrEmpty(options.FailMarker) && prompt.Contains(options.FailMarker, StringComparison.Ordinal))
        {
            run.Status = "failed";
            run.FailureCode = "PROVIDER_ERROR";
            run.FailureMessage = "The provider rejected the generation (emulated failure).";
            run.FailureStage = "execution";
            return;
        }

        var partial = !string.IsNullOrEmpty(options.PartialMarker) && prompt.Contains(options.PartialMarker, StringComparison.Ordinal);
        if (!partial && options.UnlistedTerminalStatus.Length > 0 && run.UnlistedStatusDraw < options.UnlistedTerminalShare)
        {
            // A status outside the documented seven: it has ended (completed_at) and, like a failure, made nothing and
            // costs nothing.
            run.Status = options.UnlistedTerminalStatus;
            run.FailureCode = "RUN_" + options.UnlistedTerminalStatus.ToUpperInvariant();
            run.FailureMessage = $"The run ended {options.UnlistedTerminalStatus} (an emulated status the docs do not list).";
            run.FailureStage = "execution";
            return;
        }

        run.Status = partial ? "partial_succeeded" : "succeeded";
        // Failed runs are not billed; successful ones are charged their cost (runflow-api.md §10). The balance may go
        // below zero: runs already in flight still finish, only new creates get 402.
        run.Cost = Pricing.Cost(run.Model, JsonRead.String(run.Input["resolution"]), run.VideoSeconds);
        balance -= run.Cost.Value;
    }
}
