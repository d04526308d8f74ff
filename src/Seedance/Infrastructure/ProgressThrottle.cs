using System;
using System.Diagnostics;
using System.Management.Automation;

namespace Seedance.Infrastructure;

/// <summary>
/// Writes a progress bar at most four times a second (Windows PowerShell 5.1 slows down badly when progress is written
/// more often) and never when the host is not an interactive console.
/// </summary>
internal sealed class ProgressThrottle
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);
    private readonly int activityId;
    private readonly string activity;
    private readonly Stopwatch sinceLastWrite = new();
    private bool written;

    public ProgressThrottle(int activityId, string activity)
    {
        this.activityId = activityId;
        this.activity = activity;
    }

    /// <summary>Call on the pipeline thread whenever the figures change; writes through <paramref name="writer"/>, the
    /// stage that is running now, only when due.</summary>
    public void Update(SeedanceCmdlet writer, Func<string> describe)
    {
        if (!writer.ShowsProgress || (written && sinceLastWrite.Elapsed < MinimumInterval))
        {
            return;
        }

        writer.WriteProgress(new ProgressRecord(activityId, activity, describe()));
        written = true;
        sinceLastWrite.Restart();
    }

    public void Complete(SeedanceCmdlet writer)
    {
        if (written && writer.ShowsProgress)
        {
            writer.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
