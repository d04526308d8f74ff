using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// Follows many runs to a terminal state with few requests. One background loop asks "what was created since the oldest
/// run still pending" with one paged search (<see cref="CreatedSinceSearch"/>), whatever the number of runs, whenever one
/// of them is due by its <see cref="PollSchedule"/>; a search that shows a run ended with its output ends it, with no read
/// by id. Runs are read by id only as a safety net: ids typed by the caller (to learn that they exist), runs a search has
/// not listed for <see cref="PollingOptions.IndexLagAllowance"/> (an index that lags), runs a search showed ended without
/// their output, and every run on a server whose search refuses the filter. Runs can be tracked while others are being
/// waited for; finished runs come out of <see cref="WaitNextAsync"/> in completion order, each once, as a full run object.
/// </summary>
public sealed class RunWatcher : IDisposable
{
    private readonly RunPollLoop poller;

    public RunWatcher(RunflowClient client, PollingOptions? options = null)
    {
        if (client is null)
        {
            throw new ArgumentNullException(nameof(client));
        }

        poller = new RunPollLoop(client, (options ?? client.Options.Polling).Clone(), change => StatusChanged?.Invoke(this, change));
    }

    /// <summary>Raised (on a background thread) whenever a run's status is seen to change.</summary>
    public event EventHandler<RunStatusChangedEventArgs>? StatusChanged;

    /// <summary>Runs tracked and not yet finished.</summary>
    public int PendingCount
    {
        get
        {
            lock (poller.Gate)
            {
                return poller.Pending.Count;
            }
        }
    }

    public IReadOnlyList<string> PendingRunIds
    {
        get
        {
            lock (poller.Gate)
            {
                return poller.Pending.Keys.ToList();
            }
        }
    }

    /// <summary>How many tracked runs are (or ended) in each status.</summary>
    public IReadOnlyDictionary<RunStatus, int> GetStatusCounts()
    {
        lock (poller.Gate)
        {
            return poller.Outcomes.StatusCounts();
        }
    }

    /// <summary>Why a run stopped being followed (for example, the API does not know its id), if it did.</summary>
    public Exception? GetFailure(string runId)
    {
        lock (poller.Gate)
        {
            return poller.Outcomes.FailureOf(runId);
        }
    }

    public void Track(Run run)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        lock (poller.Gate)
        {
            if (poller.Pending.ContainsKey(run.Id))
            {
                return;
            }

            if (run.IsTerminal && FollowOutcomes.HasWhatACallerNeeds(run))
            {
                poller.Outcomes.Ended(run);
                return;
            }

            var now = poller.Clock.Monotonic;
            var state = new FollowedRunState(run.Id, run, givenByApi: true, now) { NeedsWholeRead = run.IsTerminal };
            state.Learn(run, poller.Clock.UtcNow);
            poller.Add(state);
            if (!run.IsTerminal)
            {
                poller.Schedule(state, now, poller.Tracked);
            }
        }
    }

    /// <summary>Follows a run by the id a caller typed: it is read by id first, so an id the API does not know is lost at
    /// once (no 404 grace), and its creation time is learnt for the searches.</summary>
    public void Track(string runId)
    {
        var id = (runId ?? string.Empty).Trim();
        RunflowClient.EncodeRunId(id);
        lock (poller.Gate)
        {
            if (!poller.Pending.ContainsKey(id))
            {
                poller.Add(new FollowedRunState(id, null, givenByApi: false, poller.Clock.Monotonic));
            }
        }
    }

    /// <summary>The next run to reach a terminal state; null when nothing is tracked any more. Runs that were lost (see
    /// <see cref="WaitNextOutcomeAsync"/>) are skipped; <see cref="GetFailure"/> says why. Throws when following became
    /// impossible (a revoked key, say).</summary>
    public async Task<Run?> WaitNextAsync(CancellationToken cancellationToken = default)
    {
        while (await WaitNextOutcomeAsync(cancellationToken).ConfigureAwait(false) is { } outcome)
        {
            if (outcome.Run is { } run)
            {
                return run;
            }
        }

        return null;
    }

    /// <summary>The next run to end, or to be lost (the API no longer knows its id); null when nothing is tracked any
    /// more. Every tracked run comes out once, one way or the other.</summary>
    public async Task<FollowedRun?> WaitNextOutcomeAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task signal;
            lock (poller.Gate)
            {
                if (poller.Outcomes.HasFinished)
                {
                    return poller.Outcomes.Dequeue();
                }

                if (poller.Outcomes.Fatal is { } fatal)
                {
                    throw fatal;
                }

                if (poller.Pending.Count == 0)
                {
                    return null;
                }

                signal = poller.Outcomes.NextSignal();
            }

            var cancel = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancel.TrySetCanceled()))
            {
                await Task.WhenAny(signal, cancel.Task).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits for every tracked run; stops early at <paramref name="timeout"/>, returning what finished.</summary>
    public async Task<IReadOnlyList<Run>> WaitAllAsync(TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        var runs = new List<Run>();
        try
        {
            while (await WaitNextAsync(deadline.Token).ConfigureAwait(false) is { } run)
            {
                runs.Add(run);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: return what finished; the rest stays in PendingRunIds.
        }

        return runs;
    }

    public void Dispose() => poller.Stop();
}
