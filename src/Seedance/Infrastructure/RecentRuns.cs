using System;
using System.Collections.Generic;

namespace Seedance.Infrastructure;

/// <summary>
/// The runs a session created, read or emitted, newest first, for tab completion of run ids and client refs. It is
/// bounded (the oldest are forgotten) and keeps only ids, refs, statuses and short prompts, never the run objects or the
/// CSV rows they carry, so a session that saw a 100,000-run batch holds a few hundred kilobytes at most.
/// </summary>
internal sealed class RecentRuns
{
    public const int DefaultCapacity = 1000;
    private const int PromptLength = 40;
    private readonly object gate = new();
    private readonly LinkedList<RecentRun> newestFirst = new();
    private readonly Dictionary<string, LinkedListNode<RecentRun>> byId = new(StringComparer.Ordinal);
    private readonly int capacity;

    public RecentRuns(int capacity = DefaultCapacity)
    {
        this.capacity = capacity;
    }

    public void Remember(SeedanceRun run)
    {
        var prompt = run.Prompt is { Length: > PromptLength } longPrompt ? longPrompt.Substring(0, PromptLength - 3) + "..." : run.Prompt;
        var seen = new RecentRun(run.Id, run.ClientRef, run.StatusCode, prompt);
        lock (gate)
        {
            if (byId.TryGetValue(run.Id, out var known))
            {
                newestFirst.Remove(known);
            }

            byId[run.Id] = newestFirst.AddFirst(seen);
            while (newestFirst.Count > capacity)
            {
                byId.Remove(newestFirst.Last!.Value.Id);
                newestFirst.RemoveLast();
            }
        }
    }

    /// <summary>A copy, newest first.</summary>
    public IReadOnlyList<RecentRun> Snapshot()
    {
        lock (gate)
        {
            return new List<RecentRun>(newestFirst);
        }
    }
}
