using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Seedance.Engine;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>
/// Wait-SeedanceRun: follows every piped run at once and emits each the moment it reaches a terminal state
/// (succeeded, failed, canceled or partially succeeded), like Wait-Job. Runs not finished by -Timeout get an error each.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "SeedanceRun")]
[OutputType(typeof(SeedanceRun))]
public sealed class WaitSeedanceRunCommand : SeedanceApiCmdlet
{
    private readonly Dictionary<string, RunReference> pending = new(StringComparer.Ordinal);
    private RunFollower? follower;
    private CancellationTokenSource? deadline;
    private PipelineProgress? progress;
    private int finished;

    /// <summary>Runs, run ids, or objects with an Id/RunId/run_id property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(RecentRunCompleter))]
    [Alias("Run", "Id", "RunId")]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>Seconds to wait in all; runs still unfinished then each get an error record. Default: no limit.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Timeout { get; set; }

    /// <summary>Seconds between status checks of a run. Default: adaptive, short at first and backing off.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int? PollInterval { get; set; }

    /// <summary>How many status requests may be in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    protected override void BeginProcessing()
    {
        deadline = Own(Timeout is { } limit ? new CancellationTokenSource(TimeSpan.FromSeconds(limit)) : new CancellationTokenSource());
        progress = JoinPipelineProgress();
    }

    private RunFollower Follower()
    {
        if (follower is null)
        {
            follower = Own(new RunFollower(this, Emit, Lost, deadline!.Token, polling =>
            {
                if (PollInterval is { } seconds)
                {
                    polling.FixedInterval = TimeSpan.FromSeconds(seconds);
                }

                polling.MaxConcurrentRequests = ThrottleLimit;
            }));
            follower.StatusChanged += OnStatusChanged;
        }

        return follower;
    }

    protected override void ProcessRecord()
    {
        foreach (var reference in ReadRunReferences(InputObject))
        {
            if (pending.ContainsKey(reference.Id))
            {
                continue;
            }

            pending[reference.Id] = reference;
            var session = SessionFor(reference.Known);
            if (reference.Known is { IsTerminal: true } done)
            {
                Emit(done.Details);
            }
            else if (reference.Known is { } known)
            {
                Follower().Track(session, known.Details);
            }
            else
            {
                Follower().Track(session, reference.Id);
            }
        }

        Dispatcher.Drain();
    }

    protected override void EndProcessing()
    {
        Dispatcher.PumpWhile(() => follower is { Busy: true }, StopToken);
        LeavePipelineProgress();
        if (IsStopping)
        {
            StopWarning.Write(this, StopWarning.Compose(pending.Keys.ToList(), Array.Empty<string>()) ?? "Stopped.");
            return;
        }

        foreach (var reference in pending.Values.ToList())
        {
            var message = Timeout is { } limit
                ? $"Run {reference.Id} did not finish within {limit} s; it keeps running on Runflow. Wait again with: Wait-SeedanceRun -Id {reference.Id}"
                : $"Run {reference.Id} could not be followed to the end.";
            WriteError(new ErrorRecord(new TimeoutException(message), "Seedance.WaitTimeout", ErrorCategory.OperationTimeout,
                (object?)reference.Known ?? reference.Id));
        }
    }

    private void Emit(Run run)
    {
        if (!pending.TryGetValue(run.Id, out var reference))
        {
            return;
        }

        pending.Remove(run.Id);
        finished++;
        WriteRun(reference.Wrap(run, SessionFor(reference.Known)));
        ReportProgress();
    }

    private void Lost(string runId, Exception failure)
    {
        if (pending.TryGetValue(runId, out var reference))
        {
            pending.Remove(runId);
            WriteFailure(failure, (object?)reference.Known ?? reference.Id, null);
            ReportProgress();
        }
    }

    private void OnStatusChanged(RunStatusChangedEventArgs change)
    {
        WriteVerbose($"Run {change.Run.Id}: {change.PreviousStatus} -> {change.Run.Status}");
        ReportProgress();
    }

    private void ReportProgress()
    {
        if (progress is not null && follower is not null)
        {
            progress.Statuses = follower.StatusCounts();
            progress.Changed(this);
        }
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        deadline?.Cancel();
    }
}
