using System;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// Hands the runs a <see cref="RunWatcher"/> sees finish to the pipeline thread, one at a time and in completion
/// order, while new runs keep being tracked. Used by the pipeline thread only.
/// </summary>
internal sealed class TerminalRunFeed
{
    private readonly SeedanceCmdlet cmdlet;
    private readonly RunWatcher watcher;
    private readonly Action<Run> onTerminal;
    private readonly Action<string, Exception> onLost;
    private readonly CancellationToken deadline;
    private Task<FollowedRun?>? outstanding;
    private int tracks;
    private int tracksWhenRequested;

    public TerminalRunFeed(SeedanceCmdlet cmdlet, RunWatcher watcher, Action<Run> onTerminal, Action<string, Exception> onLost, CancellationToken deadline)
    {
        this.cmdlet = cmdlet;
        this.watcher = watcher;
        this.onTerminal = onTerminal;
        this.onLost = onLost;
        this.deadline = deadline;
    }

    /// <summary>The error that stopped the feed, if any.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>True while a tracked run has not been handed over yet.</summary>
    public bool Busy => outstanding is not null;

    public void Track(Run run)
    {
        tracks++;
        watcher.Track(run);
        RequestNext();
    }

    public void Track(string runId)
    {
        tracks++;
        watcher.Track(runId);
        RequestNext();
    }

    private void RequestNext()
    {
        if (outstanding is not null || Failure is not null || deadline.IsCancellationRequested)
        {
            return;
        }

        tracksWhenRequested = tracks;
        var next = cmdlet.Start(token =>
        {
            var linked = CancellationTokenSource.CreateLinkedTokenSource(token, deadline);
            return watcher.WaitNextOutcomeAsync(linked.Token).ContinueWith(
                finished =>
                {
                    linked.Dispose();
                    return finished;
                },
                TaskScheduler.Default).Unwrap();
        });
        outstanding = next;
        next.ContinueWith(_ => cmdlet.Dispatcher.Post(() => Deliver(next)), TaskScheduler.Default);
    }

    private void Deliver(Task<FollowedRun?> finished)
    {
        if (!ReferenceEquals(finished, outstanding))
        {
            return;
        }

        outstanding = null;
        if (finished.Status == TaskStatus.RanToCompletion)
        {
            // Null means nothing was tracked or waiting to be handed over when the watcher looked; ask again only if runs
            // were tracked since (a Track that came while this answer was on its way could not ask itself).
            if (finished.Result is { } outcome)
            {
                if (outcome.Run is { } run)
                {
                    if (run.HasUnlistedEnd)
                    {
                        cmdlet.WriteWarning($"Run {run.Id} ended with status '{run.StatusCode}', which the API docs do not list; it is treated as finished (completed_at is set).");
                    }

                    onTerminal(run);
                }
                else
                {
                    onLost(outcome.RunId, outcome.Failure!);
                }

                RequestNext();
            }
            else if (tracks != tracksWhenRequested)
            {
                RequestNext();
            }
        }
        else if (finished.IsFaulted && finished.Exception is { } failure)
        {
            // The watcher absorbs transient faults itself; what reaches here (a revoked key, say) would recur, so the
            // feed stops and the runs still pending are reported by the cmdlet.
            Failure = failure.GetBaseException();
            cmdlet.WriteFailure(Failure, null, "Waiting for runs failed");
        }
    }
}
