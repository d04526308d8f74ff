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
/// New-SeedanceRun: submits one paid run per pipeline input, keeping -ThrottleLimit submissions in flight while the
/// pipeline streams, and emits each run as soon as it is accepted (or, with -Wait, as soon as it finishes).
/// </summary>
[Cmdlet(VerbsCommon.New, "SeedanceRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SeedanceRun))]
public sealed class NewSeedanceRunCommand : RunInputCmdlet
{
    private readonly HashSet<Task> inFlight = new();
    // Submissions whose answer was lost and are being looked up: they do not hold a -ThrottleLimit slot.
    private readonly HashSet<Task> resolving = new();
    private readonly List<string> submittedRunIds = new();
    private readonly List<string> interruptedClientRefs = new();
    private readonly Dictionary<string, RunDraft> draftsByRunId = new(StringComparer.Ordinal);
    private readonly ImageUploader images = new();
    private readonly Dictionary<string, List<RunDraft>> batches = new(StringComparer.Ordinal);
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
        if (draft is null)
        {
            return;
        }

        var estimate = draft.Estimate;
        if (budgetReached || (MaxCost is { } budget && estimatedTotal + estimate.Usd > budget))
        {
            // This row and every later one are refused; the runs already accepted go on to Wait and Save, and the errors
            // are written when the whole pipeline is done, so that -ErrorAction Stop cannot cut them off.
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

            return;
        }

        if (draft.ClientRef is not null && !TryReserve(draft))
        {
            return;
        }

        if (!ShouldProcess(Describe(draft), $"Create a Seedance run (estimated ${estimate.Usd.ToString("0.00", CultureInfo.InvariantCulture)}{(estimate.DurationWasAuto ? ", auto duration counted at 15 s" : string.Empty)})"))
        {
            return;
        }

        estimatedTotal += estimate.Usd;
        submissions++;
        Dispatcher.PumpWhile(() => inFlight.Count - resolving.Count >= ThrottleLimit, StopToken);
        if (IsStopping)
        {
            FinishAfterStop();
            return;
        }

        if (Batch.IsPresent && !Operation().BatchesRefused)
        {
            Collect(draft);
        }
        else
        {
            Submit(draft);
        }

        Dispatcher.Drain();
    }

    protected override void EndProcessing()
    {
        foreach (var group in batches.Values.Where(group => group.Count > 0).ToList())
        {
            Dispatcher.PumpWhile(() => inFlight.Count >= ThrottleLimit, StopToken);
            SubmitBatch(group.ToList());
            group.Clear();
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

    /// <summary>After Ctrl+C: lets the canceled submissions settle briefly, so that runs created in the meantime are
    /// known, then says which runs keep running on Runflow.</summary>
    private void FinishAfterStop()
    {
        var settleUntil = DateTime.UtcNow.AddSeconds(2);
        using var settle = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        Dispatcher.PumpWhile(() => inFlight.Count > 0 && DateTime.UtcNow < settleUntil, settle.Token);
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
                NewTake = NewTake.IsPresent,
                ResendUnknown = ResendUnknown.IsPresent,
                CommitWindow = window,
                // Long enough for the rows still coming to make a run that proves the search caught up past a lost create.
                ResolvePatience = TimeSpan.FromTicks(window.Ticks * 3) + TimeSpan.FromSeconds(10),
            });
            operation.Notice += (_, message) => Dispatcher.Post(() => WriteWarning(message));
            operation.Progress += (_, message) => Dispatcher.Post(() => WriteVerbose(message));
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

    private void Submit(RunDraft draft)
    {
        var session = ResolveSession();
        var submit = Operation();
        Task<(Run Run, bool Reused)>? task = null;
        task = Start(async token =>
        {
            var input = await images.ResolveAsync(session.Client, draft, token).ConfigureAwait(false);
            var request = new CreateRunRequest
            {
                Model = draft.Model,
                Input = input,
                CallbackUrl = draft.CallbackUrl,
                Metadata = draft.Metadata,
                ClientRef = draft.ClientRef,
                EstimatedUsd = draft.Estimate.Usd,
            };
            var result = await submit.SubmitAsync(request, () => Dispatcher.Post(() => MarkResolving(task)), token).ConfigureAwait(false);
            return (result.Run, result.Outcome == SubmitOutcome.Reused);
        });
        inFlight.Add(task);
        task.ContinueWith(done => Dispatcher.Post(() => Complete(done, draft)), TaskScheduler.Default);
    }

    private void MarkResolving(Task? task)
    {
        if (task is not null && inFlight.Contains(task))
        {
            resolving.Add(task);
        }
    }

    private void Complete(Task<(Run Run, bool Reused)> done, RunDraft draft)
    {
        inFlight.Remove(done);
        resolving.Remove(done);
        if (done.Status == TaskStatus.RanToCompletion)
        {
            Accept(done.Result.Run, done.Result.Reused, draft);
        }
        else
        {
            Reject(done.Exception?.GetBaseException(), draft);
        }
    }

    /// <summary>A submission that did not produce a run: interrupted (it may exist) or failed (an error record).</summary>
    private void Reject(Exception? failure, RunDraft draft)
    {
        if (failure is null or OperationCanceledException)
        {
            interruptedClientRefs.Add(draft.ClientRef ?? draft.Label);
            return;
        }

        failed++;
        WriteFailure(failure, draft.InputObject ?? draft.Prompt, draft.Label);
        ReportProgress();
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

    /// <summary>Groups inputs that can share one batch request (same model, callback and metadata) and sends a group
    /// once it holds the most a batch takes.</summary>
    private void Collect(RunDraft draft)
    {
        var key = draft.Model + "\n" + draft.CallbackUrl + "\n" + PlainJson.Serialize(draft.Metadata, sortKeys: true);
        if (!batches.TryGetValue(key, out var group))
        {
            batches[key] = group = new List<RunDraft>();
        }

        group.Add(draft);
        if (group.Count >= RunflowClient.MaxBatchItems)
        {
            SubmitBatch(group.ToList());
            group.Clear();
        }
    }

    private void SubmitBatch(List<RunDraft> drafts)
    {
        var session = ResolveSession();
        var submit = Operation();
        var prepared = Start(async token =>
        {
            var requests = new List<CreateRunRequest>();
            foreach (var draft in drafts)
            {
                requests.Add(new CreateRunRequest
                {
                    Model = draft.Model,
                    Input = await images.ResolveAsync(session.Client, draft, token).ConfigureAwait(false),
                    CallbackUrl = draft.CallbackUrl,
                    Metadata = draft.Metadata,
                    ClientRef = draft.ClientRef,
                    EstimatedUsd = draft.Estimate.Usd,
                });
            }

            return requests;
        });
        inFlight.Add(prepared);
        prepared.ContinueWith(done => Dispatcher.Post(() =>
        {
            inFlight.Remove(prepared);
            if (done.Status != TaskStatus.RanToCompletion)
            {
                drafts.ForEach(draft => Reject(done.Exception?.GetBaseException(), draft));
                return;
            }

            var tasks = submit.SubmitBatch(done.Result, null, StopToken);
            for (var index = 0; index < drafts.Count; index++)
            {
                var draft = drafts[index];
                var task = tasks[index].ContinueWith(finished => (finished.Result.Run, finished.Result.Outcome == SubmitOutcome.Reused),
                    TaskContinuationOptions.ExecuteSynchronously);
                inFlight.Add(task);
                task.ContinueWith(finished => Dispatcher.Post(() => Complete(finished, draft)), TaskScheduler.Default);
            }
        }), TaskScheduler.Default);
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
        WriteObject(new SeedanceRun(run, draft.Model, draft.Index, draft.InputObject, draft.Estimate.Usd, draft.ClientRef).Through(ResolveSession()));

    private void WaitForSubmissions() => Dispatcher.PumpWhile(() => inFlight.Count > 0, StopToken);

    private void ReportProgress()
    {
        if (progress is null)
        {
            return;
        }

        progress.Submitted = accepted;
        progress.SubmitFailures = failed;
        progress.Submitting = inFlight.Count;
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
