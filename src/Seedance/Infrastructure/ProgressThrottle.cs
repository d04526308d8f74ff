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

    // A change came within the quarter second after a redraw and was not drawn: the bar shows older figures until the
    // next change, or until Flush draws them.
    private bool stale;

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
        if (!writer.ShowsProgress)
        {
            return;
        }

        if (written && sinceLastWrite.Elapsed < MinimumInterval)
        {
            stale = true;
            return;
        }

        Draw(writer, describe);
    }

    /// <summary>Call on the pipeline thread now and then: draws the figures of a change that came too soon after the last
    /// redraw, once it is due (the last change of a burst would otherwise stay undrawn while nothing else changes).</summary>
    public void Flush(SeedanceCmdlet writer, Func<string> describe)
    {
        if (stale && writer.ShowsProgress && sinceLastWrite.Elapsed >= MinimumInterval)
        {
            Draw(writer, describe);
        }
    }

    /// <summary>Removes the bar, after drawing the final figures if the last change was not drawn.</summary>
    public void Complete(SeedanceCmdlet writer, Func<string> describe)
    {
        if (written && writer.ShowsProgress)
        {
            if (stale)
            {
                Draw(writer, describe);
            }

            Write(writer, new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void Draw(SeedanceCmdlet writer, Func<string> describe)
    {
        Write(writer, new ProgressRecord(activityId, activity, describe()));
        written = true;
        stale = false;
        sinceLastWrite.Restart();
    }

    private void Write(SeedanceCmdlet writer, ProgressRecord record) => writer.CommandRuntime.WriteProgress(SourceId, record);
}
