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
    private readonly SeedanceCmdlet cmdlet;
    private readonly int activityId;
    private readonly string activity;
    private readonly bool enabled;
    private readonly Stopwatch sinceLastWrite = new();
    private bool written;

    public ProgressThrottle(SeedanceCmdlet cmdlet, int activityId, string activity)
    {
        this.cmdlet = cmdlet;
        this.activityId = activityId;
        this.activity = activity;
        enabled = cmdlet.ShowsProgress;
    }

    /// <summary>Call on the pipeline thread whenever the figures change; writes only when due.</summary>
    public void Update(Func<string> describe, int percentComplete = -1)
    {
        if (!enabled || (written && sinceLastWrite.Elapsed < MinimumInterval))
        {
            return;
        }

        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, describe()) { PercentComplete = Math.Min(100, percentComplete) });
        written = true;
        sinceLastWrite.Restart();
    }

    public void Complete()
    {
        if (enabled && written)
        {
            cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
