using System;

namespace Seedance.Emulator;

/// <summary>
/// The read-after-write gaps a real server may have (runflow-api.md §12: nothing promises that search or GET sees a run
/// the moment its create answered): how long after its create a run is missing from search, answers 404 by id, or is
/// unnamed in its batch. The windows are read from the live options on every call and measured on the emulator's
/// clock from the run's creation, so a changed window applies to runs that already exist. A window of 0 is no window
/// at all, whatever the clock does.
/// </summary>
internal sealed class ConsistencyWindows
{
    private readonly EmulatorOptions options;

    public ConsistencyWindows(EmulatorOptions options)
    {
        this.options = options;
    }

    /// <summary>Whether search (<c>GET /v1/runs</c>) has indexed the run yet: its own lag, drawn within the configured
    /// range when it was created, has passed, and so has its batch's unreadable window.</summary>
    public bool IsSearchable(EmulatedRun run, DateTimeOffset now)
    {
        var lagMs = options.SearchLagMinMs + run.SearchLagDraw * Math.Max(0, options.SearchLagMaxMs - options.SearchLagMinMs);
        return !Within(run.CreatedAt, lagMs, now) && !InBatchWindow(run, now);
    }

    /// <summary>Whether <c>GET /v1/runs/{id}</c> finds the run yet.</summary>
    public bool IsReadable(EmulatedRun run, DateTimeOffset now) =>
        !Within(run.CreatedAt, options.NotFoundAfterCreateMs, now) && !InBatchWindow(run, now);

    /// <summary>Whether the batch's items name their runs yet (<c>items[].run_id</c> is null until then).</summary>
    public bool NamesRuns(EmulatedBatch batch, DateTimeOffset now) => !Within(batch.CreatedAt, options.BatchRunsUnreadableMs, now);

    private bool InBatchWindow(EmulatedRun run, DateTimeOffset now) =>
        run.BatchId is not null && Within(run.CreatedAt, options.BatchRunsUnreadableMs, now);

    private static bool Within(DateTimeOffset start, double windowMs, DateTimeOffset now) => windowMs > 0 && now < start.AddMilliseconds(windowMs);
}
