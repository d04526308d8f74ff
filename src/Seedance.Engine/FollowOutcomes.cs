using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>What <see cref="RunWatcher"/> has seen: each run's last status (and counts per status), the runs that ended or
/// were lost in the order they did, and the signal a waiter sleeps on. Guarded by the watcher's lock.</summary>
internal sealed class FollowOutcomes
{
    private readonly Dictionary<string, RunStatus> lastStatus = new(StringComparer.Ordinal);

    // Kept in step with lastStatus: progress bars ask for these counts on every status change, and recounting a
    // thousand runs each time made that quadratic.
    private readonly Dictionary<RunStatus, int> statusCounts = new();
    private readonly Dictionary<string, Exception> failures = new(StringComparer.Ordinal);
    private readonly Queue<FollowedRun> finished = new();
    private TaskCompletionSource<bool>? waiter;

    public bool HasFinished => finished.Count > 0;

    /// <summary>An ended run is handed out only with what callers need from it: a success with its output files (a failure
    /// carries its failure fields, or nothing more is to be had).</summary>
    public static bool HasWhatACallerNeeds(Run run) =>
        run.Status is not (RunStatus.Succeeded or RunStatus.PartialSucceeded) || run.Output is { Files.Count: > 0 };

    public Exception? Fatal { get; private set; }

    public IReadOnlyDictionary<RunStatus, int> StatusCounts() => new Dictionary<RunStatus, int>(statusCounts);

    public Exception? FailureOf(string runId) => failures.TryGetValue(runId, out var failure) ? failure : null;

    public FollowedRun Dequeue() => finished.Dequeue();

    public void SetStatus(string runId, RunStatus status)
    {
        Forget(runId);
        lastStatus[runId] = status;
        statusCounts[status] = statusCounts.TryGetValue(status, out var count) ? count + 1 : 1;
    }

    public void Ended(Run run)
    {
        SetStatus(run.Id, run.Status);
        finished.Enqueue(new FollowedRun(run.Id, run, null));
        Wake();
    }

    public void Lost(string runId, Exception failure)
    {
        Forget(runId);
        failures[runId] = failure;
        finished.Enqueue(new FollowedRun(runId, null, failure));
        Wake();
    }

    public void Fail(Exception exception)
    {
        Fatal = exception;
        Wake();
    }

    public Task NextSignal()
    {
        waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        return waiter.Task;
    }

    private void Wake()
    {
        waiter?.TrySetResult(true);
        waiter = null;
    }

    private void Forget(string runId)
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
}
