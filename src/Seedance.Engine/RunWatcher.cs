using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// Follows many runs to a terminal state with few requests. One background loop checks each run on its own adaptive
/// interval (short at first, backing off while nothing changes); when several runs are due they are read with one
/// paged search (<c>GET /v1/runs?q=id:a OR id:b&amp;fields=...</c>) instead of one GET each, with the per-run GET as the
/// fallback for runs a search does not return and for servers whose search refuses the filter. Runs can be tracked
/// while others are being waited for; finished runs come out of <see cref="WaitNextAsync"/> in completion order,
/// each once, as a full run object.
/// </summary>
public sealed class RunWatcher : IDisposable
{
    // Only names the API reference gives for the run object: a strict server may refuse an unknown field, and that would
    // switch searches off. (failure_stage, the errors page's name, is still read wherever a server sends it.)
    private static readonly string[] SearchFields =
    {
        "id", "status_code", "output", "failure_code", "failure_message", "failure_stage_code", "cost",
        "duration_ms", "completed_at", "started_at", "client_ref",
    };

    private readonly RunflowClient client;
    private readonly PollingOptions options;
    private readonly object gate = new();
    private readonly Dictionary<string, TrackedRun> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunStatus> lastStatus = new(StringComparer.Ordinal);

    // Kept in step with lastStatus: progress bars ask for these counts on every status change, and recounting a
    // thousand runs each time made that quadratic.
    private readonly Dictionary<RunStatus, int> statusCounts = new();
    private readonly Dictionary<string, Exception> failures = new(StringComparer.Ordinal);
    private readonly Queue<FollowedRun> finished = new();
    private readonly EngineClock clock;
    private readonly CancellationTokenSource disposal = new();
    private TaskCompletionSource<bool>? waiter;
    private TaskCompletionSource<bool> wake = NewSignal();
    private Task? loop;
    private Exception? fatal;
    private bool searchDisabled;

    public RunWatcher(RunflowClient client, PollingOptions? options = null)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.options = (options ?? client.Options.Polling).Clone();
        clock = client.Clock;
    }

    /// <summary>Raised (on a background thread) whenever a run's status is seen to change.</summary>
    public event EventHandler<RunStatusChangedEventArgs>? StatusChanged;

    /// <summary>Runs tracked and not yet finished.</summary>
    public int PendingCount
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    public IReadOnlyList<string> PendingRunIds
    {
        get
        {
            lock (gate)
            {
                return pending.Keys.ToList();
            }
        }
    }

    /// <summary>How many tracked runs are (or ended) in each status.</summary>
    public IReadOnlyDictionary<RunStatus, int> GetStatusCounts()
    {
        lock (gate)
        {
            return new Dictionary<RunStatus, int>(statusCounts);
        }
    }

    /// <summary>Why a run stopped being followed (for example, the API does not know its id), if it did.</summary>
    public Exception? GetFailure(string runId)
    {
        lock (gate)
        {
            return failures.TryGetValue(runId, out var failure) ? failure : null;
        }
    }

    public void Track(Run run)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        lock (gate)
        {
            if (pending.ContainsKey(run.Id))
            {
                return;
            }

            SetLastStatus(run.Id, run.Status);
            if (run.IsTerminal && HasWhatACallerNeeds(run))
            {
                Finish(run);
                return;
            }

            pending[run.Id] = new TrackedRun(run.Id, run.Status, clock.Monotonic + FirstInterval(), FirstInterval(), clock.Monotonic, givenByApi: true);
            StartLoop();
        }
    }

    public void Track(string runId)
    {
        var id = (runId ?? string.Empty).Trim();
        RunflowClient.EncodeRunId(id);
        lock (gate)
        {
            if (pending.ContainsKey(id))
            {
                return;
            }

            SetLastStatus(id, RunStatus.Unknown);
            pending[id] = new TrackedRun(id, RunStatus.Unknown, clock.Monotonic, FirstInterval(), clock.Monotonic, givenByApi: false);
            StartLoop();
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
            lock (gate)
            {
                if (finished.Count > 0)
                {
                    return finished.Dequeue();
                }

                if (fatal is not null)
                {
                    throw fatal;
                }

                if (pending.Count == 0)
                {
                    return null;
                }

                waiter ??= NewSignal();
                signal = waiter.Task;
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

    public void Dispose()
    {
        disposal.Cancel();
        lock (gate)
        {
            wake.TrySetResult(true);
        }
    }

    // ------------------------------------------------------------------ the polling loop

    private void StartLoop()
    {
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
                List<TrackedRun> due;
                TimeSpan sleep;
                Task wakeSignal;
                lock (gate)
                {
                    if (pending.Count == 0 || fatal is not null)
                    {
                        loop = null;
                        return;
                    }

                    var now = clock.Monotonic;
                    // A search costs the same for one run as for forty: runs due soon ride along with those due now.
                    due = pending.Values.Where(run => run.NextCheck <= now).ToList();
                    if (due.Count > 0 && options.UseSearch && !searchDisabled)
                    {
                        due = pending.Values.Where(run => run.NextCheck <= now + TimeSpan.FromTicks(run.Interval.Ticks / 2)).ToList();
                    }
                    var next = pending.Values.Min(run => run.NextCheck);
                    sleep = next > now ? next - now : TimeSpan.Zero;
                    if (wake.Task.IsCompleted)
                    {
                        wake = NewSignal();
                    }

                    wakeSignal = wake.Task;
                }

                if (due.Count == 0)
                {
                    await Task.WhenAny(clock.Delay(sleep, disposal.Token), wakeSignal).ConfigureAwait(false);
                    continue;
                }

                await CheckAsync(due).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (disposal.IsCancellationRequested)
        {
            lock (gate)
            {
                loop = null;
            }
        }
        catch (Exception exception)
        {
            lock (gate)
            {
                fatal = exception;
                loop = null;
                waiter?.TrySetResult(true);
                waiter = null;
            }
        }
    }

    private async Task CheckAsync(List<TrackedRun> due)
    {
        var viaGet = due;
        if (options.UseSearch && !searchDisabled && due.Count >= 2)
        {
            viaGet = new List<TrackedRun>();
            foreach (var chunk in Chunk(due, options.IdsPerSearch))
            {
                viaGet.AddRange(await CheckBySearchAsync(chunk).ConfigureAwait(false));
            }
        }

        using var limiter = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentRequests));
        await Task.WhenAll(viaGet.Select(async tracked =>
        {
            await limiter.WaitAsync(disposal.Token).ConfigureAwait(false);
            try
            {
                await CheckByGetAsync(tracked).ConfigureAwait(false);
            }
            finally
            {
                limiter.Release();
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Reads a chunk of runs with one search; returns those that still need a GET.</summary>
    private async Task<List<TrackedRun>> CheckBySearchAsync(List<TrackedRun> chunk)
    {
        RunPage page;
        try
        {
            page = await client.SearchRunsAsync(new RunSearchRequest
            {
                Query = RunQuery.ForIds(chunk.Select(run => run.Id)),
                Limit = Math.Min(500, chunk.Count),
                Fields = SearchFields,
            }, disposal.Token).ConfigureAwait(false);
        }
        catch (RunflowApiException exception) when (exception.StatusCode is 400 or 404 or 405 or 422 or 501)
        {
            // This server's search does not take the filter (or the projection): follow runs one by one from now on.
            searchDisabled = true;
            return chunk;
        }
        catch (RunflowApiException exception) when (exception.StatusCode is 401 or 403)
        {
            throw;
        }
        catch (RunflowException)
        {
            // Retries were exhausted; try again later rather than double the traffic with per-run GETs.
            Reschedule(chunk);
            return new List<TrackedRun>();
        }

        var byId = page.Items.GroupBy(run => run.Id, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var needGet = new List<TrackedRun>();
        foreach (var tracked in chunk)
        {
            if (!byId.TryGetValue(tracked.Id, out var seen) || seen.Status == RunStatus.Unknown && seen.StatusCode is null)
            {
                needGet.Add(tracked);
                continue;
            }

            if (seen.IsTerminal)
            {
                // The projection has no input or metadata: a finished run is read whole once.
                needGet.Add(tracked);
                continue;
            }

            Observe(tracked, seen);
        }

        return needGet;
    }

    private async Task CheckByGetAsync(TrackedRun tracked)
    {
        try
        {
            var run = await client.GetRunAsync(tracked.Id, disposal.Token).ConfigureAwait(false);
            Observe(tracked, run);
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
                Reschedule(new[] { tracked });
                return;
            }

            lock (gate)
            {
                if (pending.Remove(tracked.Id))
                {
                    ForgetLastStatus(tracked.Id);
                    var lost = new RunflowRunNotFoundException(tracked.Id, tracked.GivenByApi, exception);
                    failures[tracked.Id] = lost;
                    finished.Enqueue(new FollowedRun(tracked.Id, null, lost));
                    waiter?.TrySetResult(true);
                    waiter = null;
                }
            }
        }
        catch (RunflowException)
        {
            Reschedule(new[] { tracked });
        }
    }

    private void SetLastStatus(string runId, RunStatus status)
    {
        ForgetLastStatus(runId);
        lastStatus[runId] = status;
        statusCounts[status] = statusCounts.TryGetValue(status, out var count) ? count + 1 : 1;
    }

    private void ForgetLastStatus(string runId)
    {
        if (lastStatus.TryGetValue(runId, out var previous))
        {
            lastStatus.Remove(runId);
            if (--statusCounts[previous] == 0)
            {
                statusCounts.Remove(previous);
            }
        }
    }

    private void Observe(TrackedRun tracked, Run run)
    {
        RunStatus previous;
        lock (gate)
        {
            if (!pending.ContainsKey(tracked.Id))
            {
                return;
            }

            previous = tracked.Status;
            tracked.Status = run.Status;
            tracked.NotFoundSince = null;
            SetLastStatus(tracked.Id, run.Status);
            if (run.IsTerminal)
            {
                pending.Remove(tracked.Id);
                Finish(run);
            }
            else
            {
                tracked.Interval = IntervalFor(tracked);
                tracked.NextCheck = clock.Monotonic + tracked.Interval;
            }
        }

        if (previous != run.Status)
        {
            StatusChanged?.Invoke(this, new RunStatusChangedEventArgs(run, previous));
        }
    }

    private void Reschedule(IEnumerable<TrackedRun> runs)
    {
        lock (gate)
        {
            foreach (var tracked in runs)
            {
                // Failures back off exponentially, whatever the run's age.
                tracked.Interval = Cap(TimeSpan.FromTicks(tracked.Interval.Ticks * 2));
                tracked.NextCheck = clock.Monotonic + tracked.Interval;
            }
        }
    }

    private void Finish(Run run)
    {
        finished.Enqueue(new FollowedRun(run.Id, run, null));
        waiter?.TrySetResult(true);
        waiter = null;
    }

    private TimeSpan FirstInterval() => options.FixedInterval ?? options.InitialInterval;

    private TimeSpan IntervalFor(TrackedRun tracked)
    {
        if (options.FixedInterval is { } fixedInterval)
        {
            return fixedInterval;
        }

        var age = clock.Monotonic - tracked.TrackedAt;
        var wanted = TimeSpan.FromTicks((long)(age.Ticks * Math.Max(0, options.IntervalShareOfAge)));
        return Cap(wanted < options.InitialInterval ? options.InitialInterval : wanted);
    }

    private TimeSpan Cap(TimeSpan interval) =>
        options.FixedInterval ?? (interval > options.MaxInterval ? options.MaxInterval : interval);

    private static bool HasWhatACallerNeeds(Run run) =>
        run.Status is not (RunStatus.Succeeded or RunStatus.PartialSucceeded) || run.Output is { Files.Count: > 0 };

    private static IEnumerable<List<TrackedRun>> Chunk(List<TrackedRun> runs, int size)
    {
        for (var index = 0; index < runs.Count; index += size)
        {
            yield return runs.GetRange(index, Math.Min(size, runs.Count - index));
        }
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class TrackedRun
    {
        public TrackedRun(string id, RunStatus status, TimeSpan nextCheck, TimeSpan interval, TimeSpan trackedAt, bool givenByApi)
        {
            Id = id;
            Status = status;
            NextCheck = nextCheck;
            Interval = interval;
            TrackedAt = trackedAt;
            GivenByApi = givenByApi;
        }

        public string Id { get; }

        public RunStatus Status { get; set; }

        /// <summary>When the next check is due, on the engine clock's monotonic time.</summary>
        public TimeSpan NextCheck { get; set; }

        public TimeSpan Interval { get; set; }

        public TimeSpan TrackedAt { get; }

        /// <summary>The id came from the API (a run object), not from the caller's typing.</summary>
        public bool GivenByApi { get; }

        /// <summary>Since when the run has answered 404, while it does.</summary>
        public TimeSpan? NotFoundSince { get; set; }
    }
}
