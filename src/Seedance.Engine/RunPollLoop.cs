using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// The background loop of <see cref="RunWatcher"/>: when any pending run is due by its <see cref="PollSchedule"/>, one
/// <see cref="CreatedSinceSearch"/> reads them all, then the runs the safety net wants are read by id. State is shared
/// with the watcher under <see cref="Gate"/>.
/// </summary>
internal sealed class RunPollLoop
{
    private readonly RunflowClient client;
    private readonly PollingOptions options;
    private readonly CreatedSinceSearch search;
    private readonly EngineClock clock;
    private readonly Action<RunStatusChangedEventArgs> statusChanged;
    private readonly CancellationTokenSource disposal = new();
    private TaskCompletionSource<bool> wake = NewSignal();
    private Task? loop;
    private bool searchDisabled;

    // When a run of each typical time (PollSchedule.TypicalGeneration) last ended, for the schedule of its likes.
    private readonly Dictionary<TimeSpan, TimeSpan> lastEnds = new();

    public RunPollLoop(RunflowClient client, PollingOptions options, Action<RunStatusChangedEventArgs> statusChanged)
    {
        this.client = client;
        this.options = options;
        this.statusChanged = statusChanged;
        clock = client.Clock;
        search = new CreatedSinceSearch(client);
        searchDisabled = !options.UseSearch;
    }

    public object Gate { get; } = new();

    /// <summary>The runs followed and not ended or lost yet, by id.</summary>
    public Dictionary<string, FollowedRunState> Pending { get; } = new(StringComparer.Ordinal);

    public FollowOutcomes Outcomes { get; } = new();

    public EngineClock Clock => clock;

    /// <summary>Runs followed so far, ended ones included: what one search's cost is shared by (counting only those still
    /// pending would slow the checks of the last few runs of a pipeline, just when everyone waits for them).</summary>
    public int Tracked { get; private set; }

    public void Stop()
    {
        disposal.Cancel();
        lock (Gate)
        {
            wake.TrySetResult(true);
        }
    }

    /// <summary>Starts following <paramref name="state"/>; the caller holds <see cref="Gate"/>.</summary>
    public void Add(FollowedRunState state)
    {
        Tracked++;
        Outcomes.SetStatus(state.Id, state.Status);
        Pending[state.Id] = state;
        wake.TrySetResult(true);
        if (loop is null && !disposal.IsCancellationRequested)
        {
            loop = Task.Run(PollLoopAsync);
        }
    }

    private async Task PollLoopAsync()
    {
        try
        {
            while (!disposal.IsCancellationRequested)
            {
                bool searchDue;
                bool readDue;
                TimeSpan sleep;
                Task wakeSignal;
                lock (Gate)
                {
                    if (Pending.Count == 0 || Outcomes.Fatal is not null)
                    {
                        loop = null;
                        return;
                    }

                    var now = clock.Monotonic;
                    searchDue = !searchDisabled && Pending.Values.Any(run => run.NextCheck <= now && run.FindableBySearch && !run.NeedsWholeRead);
                    readDue = Pending.Values.Any(run => run.NextCheck <= now && ReadsById(run, now));
                    var next = Pending.Values.Min(run => run.NextCheck);
                    sleep = next > now ? next - now : TimeSpan.Zero;
                    if (wake.Task.IsCompleted)
                    {
                        wake = NewSignal();
                    }

                    wakeSignal = wake.Task;
                }

                if (!searchDue && !readDue)
                {
                    await Task.WhenAny(clock.Delay(sleep, disposal.Token), wakeSignal).ConfigureAwait(false);
                    continue;
                }

                if (searchDue)
                {
                    await SearchAsync().ConfigureAwait(false);
                }

                await ReadDueByIdAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (disposal.IsCancellationRequested)
        {
            lock (Gate)
            {
                loop = null;
            }
        }
        catch (Exception exception)
        {
            lock (Gate)
            {
                Outcomes.Fail(exception);
                loop = null;
            }
        }
    }

    private async Task SearchAsync()
    {
        List<FollowedRunState> findable;
        Dictionary<string, RunStatus> statuses;
        lock (Gate)
        {
            findable = Pending.Values.Where(run => run.FindableBySearch).ToList();
            // Statuses change only in this loop (Observe), so they still hold when the page comes back.
            statuses = findable.ToDictionary(run => run.Id, run => run.Status, StringComparer.Ordinal);
        }

        if (findable.Count == 0)
        {
            return;
        }

        Dictionary<string, Run> listed;
        try
        {
            listed = await search.ReadAsync(findable.Min(run => run.Known!.CreatedAt!.Value), statuses, disposal.Token).ConfigureAwait(false);
        }
        catch (RunflowApiException exception) when (exception.StatusCode is 400 or 404 or 405 or 422 or 501)
        {
            // This server's search does not take the filter (or the projection): follow runs one by one from now on.
            lock (Gate)
            {
                searchDisabled = true;
                findable.ForEach(run => run.NextCheck = clock.Monotonic);
            }

            return;
        }
        catch (RunflowApiException exception) when (exception.StatusCode is 401 or 403)
        {
            throw;
        }
        catch (RunflowException)
        {
            // Retries were exhausted; try again later rather than multiply the traffic with reads by id.
            Backoff(findable);
            return;
        }

        var now = clock.Monotonic;
        // A search reads every run at once, so runs due before the shortest interval has passed wait for the next one
        // instead of each asking for a search of its own (creates arriving one by one would otherwise do just that).
        var notBefore = now + (options.FixedInterval ?? options.InitialInterval);
        foreach (var run in findable)
        {
            // An item with neither status nor completion time says nothing: as good as not listed.
            if (listed.TryGetValue(run.Id, out var seen) && (seen.StatusCode is not null || seen.IsTerminal))
            {
                Observe(run, seen.IsTerminal ? CreatedSinceSearch.Overlay(run.Known, seen) : seen, bySearch: true, Tracked);
                continue;
            }

            lock (Gate)
            {
                // One the safety net reads stays due: it is read by id in this same pass.
                if (!ReadsById(run, now))
                {
                    Schedule(run, now, Tracked);
                }
            }
        }

        lock (Gate)
        {
            foreach (var run in findable.Where(run => run.NextCheck < notBefore && Pending.ContainsKey(run.Id) && !ReadsById(run, now)))
            {
                run.NextCheck = notBefore;
            }
        }
    }

    /// <summary>Whether the run is read by id when due (see the class summary for why each is).</summary>
    private bool ReadsById(FollowedRunState run, TimeSpan now) =>
        searchDisabled || !run.FindableBySearch || run.NeedsWholeRead || now - (run.LastSeenBySearch ?? run.TrackedAt) > options.IndexLagAllowance;

    private void Observe(FollowedRunState tracked, Run run, bool bySearch, int sharedBy)
    {
        RunStatus previous;
        lock (Gate)
        {
            if (!Pending.ContainsKey(tracked.Id))
            {
                return;
            }

            var now = clock.Monotonic;
            previous = tracked.Status;
            tracked.Status = run.Status;
            tracked.NotFoundSince = null;
            if (bySearch)
            {
                tracked.LastSeenBySearch = now;
                tracked.NoteStart(run);
            }
            else
            {
                tracked.Learn(run, clock.UtcNow);
                tracked.NeedsWholeRead = false;
            }

            if (run.IsTerminal && (!bySearch || FollowOutcomes.HasWhatACallerNeeds(run)))
            {
                lastEnds[tracked.Typical] = now;
                Pending.Remove(tracked.Id);
                Outcomes.Ended(run);
            }
            else
            {
                Outcomes.SetStatus(tracked.Id, run.Status);
                tracked.NeedsWholeRead = run.IsTerminal;
                if (run.IsTerminal)
                {
                    tracked.NextCheck = now;
                }
                else
                {
                    Schedule(tracked, now, sharedBy);
                }
            }
        }

        if (previous != run.Status)
        {
            statusChanged(new RunStatusChangedEventArgs(run, previous));
        }
    }

    public void Schedule(FollowedRunState run, TimeSpan now, int sharedBy)
    {
        TimeSpan? sinceLikeRunEnded = lastEnds.TryGetValue(run.Typical, out var ended) ? now - ended : null;
        run.Interval = PollSchedule.NextCheckIn(now - run.CreatedLocally, now - run.StartedLocally, run.Typical, sharedBy, sinceLikeRunEnded, options);
        run.NextCheck = now + run.Interval;
    }

    private void Backoff(IEnumerable<FollowedRunState> runs)
    {
        lock (Gate)
        {
            foreach (var run in runs)
            {
                // Failures back off exponentially, whatever the run's age.
                var doubled = TimeSpan.FromTicks(Math.Max(run.Interval.Ticks, options.InitialInterval.Ticks) * 2);
                run.Interval = options.FixedInterval ?? (doubled > options.MaxInterval ? options.MaxInterval : doubled);
                run.NextCheck = clock.Monotonic + run.Interval;
            }
        }
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The reads by id one pass of the loop makes, at most <see cref="PollingOptions.MaxConcurrentRequests"/> at once.</summary>
    private async Task ReadDueByIdAsync()
    {
        List<FollowedRunState> due;
        lock (Gate)
        {
            var now = clock.Monotonic;
            due = Pending.Values.Where(run => run.NextCheck <= now && ReadsById(run, now)).ToList();
        }

        using var limiter = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentRequests));
        await Task.WhenAll(due.Select(async run =>
        {
            await limiter.WaitAsync(disposal.Token).ConfigureAwait(false);
            try
            {
                await ReadAsync(run).ConfigureAwait(false);
            }
            finally
            {
                limiter.Release();
            }
        })).ConfigureAwait(false);
    }

    private async Task ReadAsync(FollowedRunState tracked)
    {
        try
        {
            var run = await client.GetRunAsync(tracked.Id, disposal.Token).ConfigureAwait(false);
            Observe(tracked, run, bySearch: false, sharedBy: 1);
        }
        catch (RunflowApiException exception) when (exception.StatusCode is 401 or 403)
        {
            throw;
        }
        catch (RunflowApiException exception) when (exception.StatusCode is 404)
        {
            var now = clock.Monotonic;
            tracked.NotFoundSince ??= now;
            if (tracked.GivenByApi && now - tracked.NotFoundSince.Value < options.NotFoundGrace)
            {
                // A run the API just gave us may not be readable yet: "not yet", not "never".
                Backoff(new[] { tracked });
                return;
            }

            lock (Gate)
            {
                if (Pending.Remove(tracked.Id))
                {
                    Outcomes.Lost(tracked.Id, new RunflowRunNotFoundException(tracked.Id, tracked.GivenByApi, exception));
                }
            }
        }
        catch (RunflowException)
        {
            Backoff(new[] { tracked });
        }
    }
}
