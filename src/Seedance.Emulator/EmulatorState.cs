using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>
/// Everything the emulated organization holds: runs, idempotency records, balance, assets, callback secrets. One lock
/// guards it all; the emulator's scale (thousands of runs) does not need more.
/// </summary>
internal sealed class EmulatorState
{
    private readonly EmulatorOptions options;
    private readonly Dictionary<string, EmulatedRun> runs = new(StringComparer.Ordinal);
    private readonly List<EmulatedRun> ordered = new();
    private readonly Dictionary<string, (string BodyHash, int Status, string ResponseBody)> idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> batches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedAsset> assets = new(StringComparer.Ordinal);
    private long sequence;
    private decimal balance;

    public EmulatorState(EmulatorOptions options)
    {
        this.options = options;
        balance = options.Balance;
        if (!string.IsNullOrEmpty(options.CallbackSecret))
        {
            CallbackSecrets.Add(options.CallbackSecret!);
        }
    }

    public object Gate { get; } = new();

    /// <summary>Signing secrets; the last one is current.</summary>
    public List<string> CallbackSecrets { get; } = new();

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

    public long NextSequence() => ++sequence;

    public void Add(EmulatedRun run)
    {
        runs[run.Id] = run;
        ordered.Add(run);
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

    public IReadOnlyList<string> DuplicateClientRefs()
    {
        lock (Gate)
        {
            return ordered.Where(run => run.ClientRef is not null && run.BatchId is null).GroupBy(run => run.ClientRef!)
                .Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        }
    }

    public bool TryReplay(string key, string bodyHash, out (int Status, string Body, bool Conflict) replay)
    {
        if (idempotency.TryGetValue(key, out var stored))
        {
            replay = stored.BodyHash == bodyHash ? (stored.Status, stored.ResponseBody, false) : (409, string.Empty, true);
            return true;
        }

        replay = default;
        return false;
    }

    public void Remember(string key, string bodyHash, int status, string body) => idempotency[key] = (bodyHash, status, body);

    public void AddBatch(string id, JsonObject batch) => batches[id] = batch;

    public JsonObject? FindBatch(string id) => batches.TryGetValue(id, out var batch) ? batch : null;

    public void AddAsset(EmulatedAsset asset) => assets[asset.Id] = asset;

    public EmulatedAsset? FindAsset(string id) => assets.TryGetValue(id, out var asset) ? asset : null;

    /// <summary>Moves runs along queued → dispatching → running → terminal; returns the runs that just ended.</summary>
    public List<EmulatedRun> Advance(DateTimeOffset now)
    {
        var ended = new List<EmulatedRun>();
        var active = ordered.Count(run => run.Status is "dispatching" or "running");
        foreach (var run in ordered)
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

        return ended;
    }

    private void Finish(EmulatedRun run, DateTimeOffset now)
    {
        run.CompletedAt = now;
        var prompt = run.Input["prompt"]?.GetValue<string>() ?? string.Empty;
        if (!string.IsNullOrEmpty(options.FailMarker) && prompt.Contains(options.FailMarker, StringComparison.Ordinal))
        {
            run.Status = "failed";
            run.FailureCode = "PROVIDER_ERROR";
            run.FailureMessage = "The provider rejected the generation (emulated failure).";
            run.FailureStage = "execution";
            return;
        }

        run.Status = !string.IsNullOrEmpty(options.PartialMarker) && prompt.Contains(options.PartialMarker, StringComparison.Ordinal)
            ? "partial_succeeded"
            : "succeeded";
        // Failed runs are not billed; successful ones are charged their cost (runflow-api.md §10).
        run.Cost = Pricing.Cost(run.Model, run.Input["resolution"]?.GetValue<string>(), run.VideoSeconds);
        balance -= run.Cost.Value;
    }

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
}
