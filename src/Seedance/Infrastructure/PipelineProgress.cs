using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation.Runspaces;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// One progress bar for a whole Seedance pipeline (New-SeedanceRun | Wait-SeedanceRun | Save-SeedanceVideo): each
/// stage reports its own figures here and the bar shows them together. The stages of one pipeline share a runspace
/// and a history id, and run on the one pipeline thread.
/// </summary>
internal sealed class PipelineProgress
{
    private const int ActivityId = 0x5EED;
    private static readonly ConcurrentDictionary<string, PipelineProgress> Boards = new(StringComparer.Ordinal);
    private readonly string key;
    private readonly ProgressThrottle throttle;
    private int stages;

    private PipelineProgress(string key)
    {
        this.key = key;
        throttle = new ProgressThrottle(ActivityId, "Seedance");
    }

    public int Submitted { get; set; }

    public int SubmitFailures { get; set; }

    public int Submitting { get; set; }

    public IReadOnlyDictionary<RunStatus, int> Statuses { get; set; } = new Dictionary<RunStatus, int>();

    public int Saved { get; set; }

    public int Skipped { get; set; }

    public int Downloading { get; set; }

    public long BytesWritten { get; set; }

    /// <summary>Errors a stage wants written only once every stage is done (-MaxCost's refusal): written then by the
    /// last stage, so that under -ErrorAction Stop the runs already paid for are still waited for and saved first.</summary>
    public List<System.Management.Automation.ErrorRecord> DeferredErrors { get; } = new();

    /// <summary>Joins the board of the calling cmdlet's pipeline (creating it for the first stage).</summary>
    public static PipelineProgress Join(SeedanceCmdlet cmdlet)
    {
        var key = (Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty).ToString("N") + ":" +
                  cmdlet.MyInvocation.HistoryId.ToString(CultureInfo.InvariantCulture);
        var board = Boards.GetOrAdd(key, _ => new PipelineProgress(key));
        board.stages++;
        return board;
    }

    /// <summary>Redraws the bar, through the stage that reports, if a quarter of a second has passed since the last time.</summary>
    public void Changed(SeedanceCmdlet reporter) => throttle.Update(reporter, Describe);

    /// <summary>Draws the figures a redraw was skipped for, once a quarter of a second has passed (see <see cref="ProgressThrottle.Flush"/>).</summary>
    public void Flush(SeedanceCmdlet reporter) => throttle.Flush(reporter, Describe);

    /// <summary>A stage has finished (or was stopped); the last one removes the bar.</summary>
    public void Leave(SeedanceCmdlet stage, bool canWrite)
    {
        if (--stages <= 0)
        {
            if (canWrite && !stage.IsStopping)
            {
                throttle.Complete(stage, Describe);
                var deferred = DeferredErrors.ToList();
                DeferredErrors.Clear();
                Boards.TryRemove(key, out _);
                deferred.ForEach(stage.WriteError);
                return;
            }

            Boards.TryRemove(key, out _);
        }
    }

    internal string Describe()
    {
        var parts = new List<string>();
        if (Submitted + SubmitFailures + Submitting > 0)
        {
            parts.Add($"submitted {Submitted}" + (Submitting > 0 ? $" (+{Submitting} sending)" : string.Empty)
                      + (SubmitFailures > 0 ? $", {SubmitFailures} refused" : string.Empty));
        }

        var statuses = Statuses.Where(pair => pair.Value > 0).OrderBy(pair => pair.Key)
            .Select(pair => $"{pair.Key.ToString().ToLowerInvariant()} {pair.Value}").ToList();
        if (statuses.Count > 0)
        {
            parts.Add(string.Join(", ", statuses));
        }

        if (Saved + Skipped + Downloading > 0)
        {
            parts.Add($"saved {Saved}" + (Skipped > 0 ? $", skipped {Skipped}" : string.Empty)
                      + (Downloading > 0 ? $", downloading {Downloading}" : string.Empty)
                      + string.Format(CultureInfo.InvariantCulture, " ({0:0.0} MB)", BytesWritten / 1048576.0));
        }

        return parts.Count == 0 ? "Starting" : string.Join(" | ", parts);
    }
}
