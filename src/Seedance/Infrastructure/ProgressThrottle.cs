using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;

namespace Seedance.Infrastructure;

/// <summary>
/// Writes one progress bar for a whole pipeline, at most four times a second (Windows PowerShell 5.1 slows down badly
/// when progress is written more often) and never when the host is not an interactive console.
/// </summary>
internal sealed class ProgressThrottle
{
    /// <summary>Far above the small numbers PowerShell hands out to each command for its own progress, so a board's
    /// bar never merges with another command's.</summary>
    private const long FirstSourceId = 0x5EED_0000_0000;
    private static long lastSourceId = FirstSourceId;
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);
    private readonly int activityId;
    private readonly string activity;
    private readonly Stopwatch sinceLastWrite = new();
    private bool written;

    public ProgressThrottle(int activityId, string activity)
    {
        this.activityId = activityId;
        this.activity = activity;
        SourceId = Interlocked.Increment(ref lastSourceId);
    }

    /// <summary>The one source every stage writes the bar under. Cmdlet.WriteProgress would use the writing cmdlet's
    /// own source, and the host keeps a bar per source and activity: one per stage, each left on screen until the
    /// command line ends.</summary>
    public long SourceId { get; }

    /// <summary>Call on the pipeline thread whenever the figures change; writes through <paramref name="writer"/>, the
    /// stage that is running now, only when due.</summary>
    public void Update(SeedanceCmdlet writer, Func<string> describe)
    {
        if (!writer.ShowsProgress || (written && sinceLastWrite.Elapsed < MinimumInterval))
        {
            return;
        }

        Write(writer, new ProgressRecord(activityId, activity, describe()));
        written = true;
        sinceLastWrite.Restart();
    }

    public void Complete(SeedanceCmdlet writer)
    {
        if (written && writer.ShowsProgress)
        {
            Write(writer, new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void Write(SeedanceCmdlet writer, ProgressRecord record) => writer.CommandRuntime.WriteProgress(SourceId, record);
}
