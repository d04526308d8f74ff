using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// The one follower of New-SeedanceRun -Wait, Wait-SeedanceRun and Save-SeedanceVideo: one <see cref="RunWatcher"/> per
/// session the runs came from (usually one), whose ended and lost runs it hands to the pipeline thread one at a time and
/// in completion order, while new runs keep being tracked. Used by the pipeline thread only.
/// </summary>
internal sealed class RunFollower : IDisposable
{
    private readonly SeedanceCmdlet cmdlet;
    private readonly Action<Run> onTerminal;
    private readonly Action<string, Exception> onLost;
    private readonly CancellationToken deadline;
    private readonly Action<PollingOptions>? tune;
    private readonly Dictionary<SeedanceSession, Feed> feeds = new();

    /// <param name="tune">Changes the session's polling options for this follower (Wait-SeedanceRun's -PollInterval).</param>
    public RunFollower(SeedanceCmdlet cmdlet, Action<Run> onTerminal, Action<string, Exception> onLost, CancellationToken deadline,
        Action<PollingOptions>? tune = null)
    {
        this.cmdlet = cmdlet;
        this.onTerminal = onTerminal;
        this.onLost = onLost;
        this.deadline = deadline;
        this.tune = tune;
    }

    /// <summary>Raised on the pipeline thread whenever a followed run's status is seen to change.</summary>
    public event Action<RunStatusChangedEventArgs>? StatusChanged;

    /// <summary>True while a tracked run has not been handed over yet.</summary>
    public bool Busy => feeds.Values.Any(feed => feed.Outstanding is not null);

    /// <summary>How many followed runs are (or ended) in each status, over every session.</summary>
    public Dictionary<RunStatus, int> StatusCounts() =>
        feeds.Values.SelectMany(feed => feed.Watcher.GetStatusCounts())
            .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value));

    public void Track(SeedanceSession session, Run run)
    {
        var feed = FeedFor(session);
        feed.Tracks++;
        feed.Watcher.Track(run);
        RequestNext(feed);
    }

    public void Track(SeedanceSession session, string runId)
    {
        var feed = FeedFor(session);
        feed.Tracks++;
        feed.Watcher.Track(runId);
        RequestNext(feed);
    }

    public void Dispose()
    {
        foreach (var feed in feeds.Values)
        {
            feed.Watcher.Dispose();
        }
    }

    private Feed FeedFor(SeedanceSession session)
    {
        if (!feeds.TryGetValue(session, out var feed))
        {
            var polling = session.Client.Options.Polling.Clone();
            tune?.Invoke(polling);
            feed = new Feed(new RunWatcher(session.Client, polling));
            feed.Watcher.StatusChanged += (_, change) => cmdlet.Dispatcher.Post(() => StatusChanged?.Invoke(change));
            feeds[session] = feed;
        }

        return feed;
    }

    private void RequestNext(Feed feed)
    {
        if (feed.Outstanding is not null || feed.Failed || deadline.IsCancellationRequested)
        {
            return;
        }

        feed.TracksWhenRequested = feed.Tracks;
        var next = cmdlet.StartInBackground(token =>
        {
            var linked = CancellationTokenSource.CreateLinkedTokenSource(token, deadline);
            return feed.Watcher.WaitNextOutcomeAsync(linked.Token).ContinueWith(
                finished =>
                {
                    linked.Dispose();
                    return finished;
                },
                TaskScheduler.Default).Unwrap();
        });
        feed.Outstanding = next;
        next.ContinueWith(_ => cmdlet.Dispatcher.Post(() => Deliver(feed, next)), TaskScheduler.Default);
    }

    private void Deliver(Feed feed, Task<FollowedRun?> finished)
    {
        if (!ReferenceEquals(finished, feed.Outstanding))
        {
            return;
        }

        feed.Outstanding = null;
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

                RequestNext(feed);
            }
            else if (feed.Tracks != feed.TracksWhenRequested)
            {
                RequestNext(feed);
            }
        }
        else if (finished.IsFaulted && finished.Exception is { } failure)
        {
            // The watcher absorbs transient faults itself; what reaches here (a revoked key, say) would recur, so the
            // feed stops and the runs still pending are reported by the cmdlet.
            feed.Failed = true;
            cmdlet.WriteFailure(failure.GetBaseException(), null, "Waiting for runs failed");
        }
    }

    /// <summary>One session's watcher and the answer the pipeline thread is waiting for from it.</summary>
    private sealed class Feed
    {
        public Feed(RunWatcher watcher)
        {
            Watcher = watcher;
        }

        public RunWatcher Watcher { get; }

        public Task<FollowedRun?>? Outstanding { get; set; }

        public bool Failed { get; set; }

        public int Tracks { get; set; }

        public int TracksWhenRequested { get; set; }
    }
}
