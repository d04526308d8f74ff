using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;
using Seedance.Engine.Submission;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>
/// New-SeedanceRun: binds each pipeline input, applies -MaxCost and ShouldProcess, and hands the run to the engine's
/// <see cref="SubmitOperation"/> (which decides re-runs, skip-existing look-ups, batches and their fallback), keeping
/// -ThrottleLimit submissions sending while the pipeline streams; emits each run as soon as it is accepted (or, with
/// -Wait, as soon as it finishes), and each failure as an error record naming its input.
/// </summary>
[Cmdlet(VerbsCommon.New, "SeedanceRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SeedanceRun))]
public sealed class NewSeedanceRunCommand : RunInputCmdlet
{
    // Every submission not answered yet (waiting for its batch, sending, or being looked up after a lost answer); the
    // engine's SubmitOperation.Sending is what -ThrottleLimit counts.
    private readonly HashSet<Task<SubmitResult>> submitting = new();
    private readonly List<string> submittedRunIds = new();
    private readonly List<string> interruptedClientRefs = new();
    private readonly Dictionary<string, RunDraft> draftsByRunId = new(StringComparer.Ordinal);
    private bool budgetReached;
    private SubmitOperation? operation;
    private RunFollower? follower;
    private PipelineProgress? progress;
    private decimal estimatedTotal;
    private int accepted;
    private int submissions;
    private int failed;
    private int finished;

    /// <summary>Waits for each run to finish and emits it then, instead of when it is accepted.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How many submissions may be in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Stops, before submitting, the run that would take the estimated total of this pipeline over this many USD.</summary>
    [Parameter]
    [ValidateRange(0, 1_000_000)]
    public decimal? MaxCost { get; set; }

    /// <summary>Also asks the server for an existing run with the same -ClientRef (one another machine made).</summary>
    [Parameter]
    public SwitchParameter SkipExisting { get; set; }

    /// <summary>Pays for a new take where the ledger asks first (a canceled or unlisted last take, or a changed input).</summary>
    [Parameter]
    public SwitchParameter NewTake { get; set; }

    /// <summary>Resends a create whose outcome could not be decided (same Idempotency-Key).</summary>
    [Parameter]
    public SwitchParameter ResendUnknown { get; set; }

    /// <summary>Creates up to 100 runs per request with Runflow's batches endpoint; models that do not take batches fall
    /// back to one request per run.</summary>
    [Parameter]
    public SwitchParameter Batch { get; set; }

    protected override void BeginProcessing()
    {
        progress = JoinPipelineProgress();
    }

    protected override void ProcessRecord()
    {
        var draft = ReadDraft();
        if (draft is null || IsOverBudget(draft))
        {
            return;
        }

        if (draft.ClientRef is not null && !TryReserve(draft))
        {
            return;
        }

        var estimate = draft.Estimate;
        if (!ShouldProcess(Describe(draft), $"Create a Seedance run (estimated ${estimate.Usd.ToString("0.00", CultureInfo.InvariantCulture)}{(estimate.DurationWasAuto ? ", auto duration counted at 15 s" : string.Empty)})"))
        {
            return;
        }

        estimatedTotal += estimate.Usd;
        submissions++;
        var submit = Operation();
        Dispatcher.PumpWhile(() => submit.Sending >= ThrottleLimit, StopToken);
        if (IsStopping)
        {
            FinishAfterStop();
            return;
        }

        var task = StartOnPipelineThread(token => submit.SubmitAsync(draft.ToRequest(), token));
        submitting.Add(task);
        task.ContinueWith(done => Dispatcher.Post(() => Complete(done, draft)), TaskScheduler.Default);
        Dispatcher.Drain();
    }

    protected override void EndProcessing()
    {
        if (operation is { } submit)
        {
            // The batches still filling are sent now, -ThrottleLimit still counting.
            while (!IsStopping && submit.HasWaitingBatches)
            {
                Dispatcher.PumpWhile(() => submit.Sending >= ThrottleLimit, StopToken);
                StartOnPipelineThread(token => Task.FromResult(submit.SendWaitingBatch(token)));
            }
        }

        WaitForSubmissions();
        if (follower is not null)
        {
            Dispatcher.PumpWhile(() => follower.Busy, StopToken);
        }

        if (!IsStopping)
        {
            // Every run handed to -Wait ends as an object or as an error naming it (the feed stopped on a fatal error).
            foreach (var pair in draftsByRunId.ToList())
            {
                WriteError(new ErrorRecord(new TimeoutException($"{pair.Value.Label}: run {pair.Key} could not be followed to the end; it keeps running on Runflow. Wait for it with: Wait-SeedanceRun -Id {pair.Key}"),
                    "Seedance.WaitIncomplete", ErrorCategory.OperationTimeout, pair.Value.InputObject ?? pair.Value.Prompt));
            }
        }

        LeavePipelineProgress();
        if (IsStopping)
        {
            FinishAfterStop();
        }
    }

    /// <summary>Refuses this row, and every later one, when it would take the estimated total over -MaxCost.</summary>
    private bool IsOverBudget(RunDraft draft)
    {
        var estimate = draft.Estimate;
        if (!budgetReached && !(MaxCost is { } budget && estimatedTotal + estimate.Usd > budget))
        {
            return false;
        }

        // The runs already accepted go on to Wait and Save, and the errors are written when the whole pipeline is done,
        // so that -ErrorAction Stop cannot cut them off.
        budgetReached = true;
        var record = new ErrorRecord(
            new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                "{0} was not submitted: it would take the estimated total to ${1:0.00}, over -MaxCost ${2:0.00}; {3} run(s) were submitted before it and go on.",
                draft.Label, estimatedTotal + estimate.Usd, MaxCost, submissions)),
            "Seedance.BudgetExceeded", ErrorCategory.QuotaExceeded, draft.InputObject ?? draft.Prompt);
        if (progress is not null)
        {
            progress.DeferredErrors.Add(record);
        }
        else
        {
            WriteError(record);
        }

        return true;
    }

    /// <summary>After Ctrl+C: lets the canceled submissions settle briefly, so that runs created in the meantime are
    /// known, then says which runs keep running on Runflow.</summary>
    private void FinishAfterStop()
    {
        var settleUntil = DateTime.UtcNow.AddSeconds(2);
        using var settle = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        Dispatcher.PumpWhile(() => submitting.Count > 0 && DateTime.UtcNow < settleUntil, settle.Token);
        WarnAboutRunsLeftRunning();
    }

    private SubmitOperation Operation()
    {
        if (operation is null)
        {
            var session = ResolveSession();
            var window = session.Client.Options.CommitWindow;
            operation = new SubmitOperation(session.Client, session.Ledger, new SubmitOptions
            {
                SkipExisting = SkipExisting.IsPresent,
                Batch = Batch.IsPresent,
                NewTake = NewTake.IsPresent,
                ResendUnknown = ResendUnknown.IsPresent,
                CommitWindow = window,
                // Long enough for the rows still coming to make a run that proves the search caught up past a lost create.
                ResolvePatience = TimeSpan.FromTicks(window.Ticks * 3) + TimeSpan.FromSeconds(10),
            });
            operation.Notice += (_, message) => Dispatcher.Post(() => WriteWarning(message));
            operation.Progress += (_, message) => Dispatcher.Post(() => WriteVerbose(message));
            operation.SendingChanged += (_, _) => Dispatcher.Nudge();
            foreach (var warning in session.Ledger.TakeWarnings())
            {
                WriteWarning(warning);
            }
        }

        return operation;
    }

    /// <summary>Takes the row's client ref for this pipeline; a second row with the same ref gets an error and no run.</summary>
    private bool TryReserve(RunDraft draft)
    {
        try
        {
            Operation().Reserve(draft.ClientRef!);
            return true;
        }
        catch (RunflowDuplicateClientRefException duplicate)
        {
            failed++;
            WriteFailure(duplicate, draft.InputObject ?? draft.Prompt, draft.Label);
            return false;
        }
    }

    private void Complete(Task<SubmitResult> done, RunDraft draft)
    {
        submitting.Remove(done);
        var result = done.Result;
        switch (result.Outcome)
        {
            case SubmitOutcome.Created or SubmitOutcome.Adopted or SubmitOutcome.Reused:
                Accept(result.Run!, result.Outcome == SubmitOutcome.Reused, draft);
                break;
            case SubmitOutcome.Failed:
                failed++;
                WriteFailure(result.Failure!, draft.InputObject ?? draft.Prompt, draft.Label);
                ReportProgress();
                break;
            case SubmitOutcome.Interrupted:
                // It may exist: the stop warning names it, and the ledger's next run resolves it.
                interruptedClientRefs.Add(draft.ClientRef ?? draft.Label);
                break;
        }

        // NotSent (its batch was still filling at the stop): nothing exists, so there is nothing to warn about.
    }

    private void Accept(Run run, bool reused, RunDraft draft)
    {
        accepted++;
        submittedRunIds.Add(run.Id);
        WriteVerbose(reused
            ? $"{draft.Label}: reusing existing run {run.Id} (client ref '{run.ClientRef}')."
            : $"{draft.Label}: created run {run.Id} (client ref '{run.ClientRef}').");
        if (Wait.IsPresent && !run.IsTerminal)
        {
            draftsByRunId[run.Id] = draft;
            EnsureFollower().Track(ResolveSession(), run);
        }
        else
        {
            EmitRun(run, draft);
        }

        ReportProgress();
    }

    private RunFollower EnsureFollower()
    {
        if (follower is null)
        {
            follower = Own(new RunFollower(this, run =>
            {
                finished++;
                if (draftsByRunId.TryGetValue(run.Id, out var draft))
                {
                    draftsByRunId.Remove(run.Id);
                    EmitRun(run, draft);
                }

                ReportProgress();
            }, (runId, failure) =>
            {
                finished++;
                if (draftsByRunId.TryGetValue(runId, out var draft))
                {
                    draftsByRunId.Remove(runId);
                    WriteFailure(failure, draft.InputObject ?? draft.Prompt, draft.Label);
                }

                ReportProgress();
            }, StopToken));
        }

        return follower;
    }

    private void EmitRun(Run run, RunDraft draft) =>
        WriteRun(new SeedanceRun(run, ResolveSession(), draft.Model, draft.Index, draft.InputObject, draft.Estimate.Usd, draft.ClientRef));

    private void WaitForSubmissions() => Dispatcher.PumpWhile(() => submitting.Count > 0, StopToken);

    private void ReportProgress()
    {
        if (progress is null)
        {
            return;
        }

        progress.Submitted = accepted;
        progress.SubmitFailures = failed;
        progress.Submitting = submitting.Count;
        if (follower is not null)
        {
            progress.Statuses = follower.StatusCounts();
        }

        progress.Changed(this);
    }

    private void WarnAboutRunsLeftRunning()
    {
        // Runs already created keep running (and are billed) on Runflow: there is no public cancel. Say which, so the
        // user can pick them up again.
        var unfinished = Wait.IsPresent ? submittedRunIds.Where(draftsByRunId.ContainsKey).ToList() : submittedRunIds;
        var message = StopWarning.Compose(unfinished, interruptedClientRefs);
        if (message is not null)
        {
            StopWarning.Write(this, message);
        }
    }

    private static string Describe(RunDraft draft)
    {
        var input = draft.Input;
        string Value(string key, string fallback) => input.TryGetValue(key, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture)! : fallback;
        var prompt = draft.Prompt.Length > 60 ? draft.Prompt.Substring(0, 57) + "..." : draft.Prompt;
        return $"{draft.Label}: {draft.Model}, {Value("duration", "auto")} s, {Value("resolution", "720p")}, {Value("aspect_ratio", "auto")}: \"{prompt}\"";
    }
}
