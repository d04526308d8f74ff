using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>
/// Save-SeedanceVideo: writes the video of each piped run to disk (waiting for unfinished runs first), streaming
/// through a temporary file so that no partial file ever carries the final name. It proves the destination writable
/// before the pipeline's first input, so a read-only or full disk stops New-SeedanceRun before it pays for anything.
/// This run's complete files already present are skipped and its partial files resumed, so an interrupted pipeline can
/// simply be run again; another run's file of the same name is never taken for it nor overwritten.
/// </summary>
[Cmdlet(VerbsData.Save, "SeedanceVideo", DefaultParameterSetName = DirectorySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SeedanceVideo))]
public sealed class SaveSeedanceVideoCommand : SeedanceApiCmdlet
{
    private const string DirectorySet = "Directory";
    private const string PathSet = "Path";
    private readonly Queue<SeedanceRun> ready = new();
    private readonly HashSet<Task> inFlight = new();
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunReference> waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> inputPositions = new(StringComparer.Ordinal);
    // Leftover partial files of these runs (run id, output index) are theirs to resume next time, never removed as stale.
    private readonly Dictionary<string, int> unsavedOutputs = new(StringComparer.Ordinal);
    private string directory = string.Empty;
    private SaveTargets? targets;
    private RunFollower? follower;
    private CancellationTokenSource? deadline;
    private PipelineProgress? progress;
    private int inputCount;
    private int saved;
    private int skipped;
    private long bytesWritten;

    /// <summary>Runs, run ids, or objects with an Id/RunId/run_id property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(RecentRunCompleter))]
    [Alias("Run", "Id", "RunId")]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>The folder to write videos to (created when missing, and proved writable before the pipeline starts). Default: the current location.</summary>
    [Parameter(ParameterSetName = DirectorySet)]
    [Alias("OutputDirectory")]
    public string? Directory { get; set; }

    /// <summary>The file name template: {RunId}, {ClientRef}, {Index}, {Prompt} (shortened to a slug). .mp4 is added when there is no extension.</summary>
    [Parameter(ParameterSetName = DirectorySet)]
    public string? FileName { get; set; }

    /// <summary>The exact file to write, for a single run.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [Alias("OutFile")]
    public string? Path { get; set; }

    /// <summary>Downloads and replaces the file at the name asked for, whatever is there (this run's video, another run's, or a file Seedance did not save).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Also writes a JSON sidecar next to each video: prompt, input, seed, cost and run id.</summary>
    [Parameter]
    public SwitchParameter IncludeMetadata { get; set; }

    /// <summary>How many downloads may run at once.</summary>
    [Parameter]
    [ValidateRange(1, 32)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>Seconds to wait for unfinished runs. Default: no limit.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Timeout { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            if (ParameterSetName == PathSet)
            {
                var singlePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(singlePath)) ?? ".";
                targets = new SaveTargets(directory, singlePath, null);
            }
            else
            {
                directory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(string.IsNullOrEmpty(Directory) ? "." : Directory);
                targets = new SaveTargets(directory, null, new FileNameTemplate(FileName));
            }
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
        {
            ThrowTerminatingError(ErrorRecords.InvalidInput("Seedance.InvalidDestination", exception.Message, (object?)Path ?? FileName ?? Directory));
        }

        // PowerShell runs every BeginProcessing of a pipeline before the first ProcessRecord: failing here stops
        // New-SeedanceRun upstream before it creates (and pays for) a run whose video could not be written.
        if (!IsWhatIf())
        {
            try
            {
                DestinationProbe.EnsureWritable(directory);
            }
            catch (RunflowDestinationException exception)
            {
                ThrowTerminatingError(ErrorRecords.FromException(exception, exception.Path,
                    "Save-SeedanceVideo checks its destination before the pipeline starts, so this pipeline created no run"));
            }
        }

        deadline = Own(Timeout is { } seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : new CancellationTokenSource());
        progress = JoinPipelineProgress();
    }

    private RunFollower Follower() => follower ??= Own(new RunFollower(this, OnRunFinished, OnRunLost, deadline!.Token));

    protected override void ProcessRecord()
    {
        foreach (var reference in ReadRunReferences(InputObject))
        {
            if (!seen.Add(reference.Id))
            {
                continue;
            }

            inputPositions[reference.Id] = inputCount++;
            var session = SessionFor(reference.Known);
            if (reference.Known is { IsTerminal: true } known)
            {
                Enqueue(known.With(known.Details).Through(session));
            }
            else
            {
                waiting[reference.Id] = reference;
                if (reference.Known is { } stale)
                {
                    Follower().Track(session, stale.Details);
                }
                else
                {
                    Follower().Track(session, reference.Id);
                }
            }
        }

        StartDownloads();
        Dispatcher.Drain();
    }

    protected override void EndProcessing()
    {
        Dispatcher.PumpWhile(() => follower is { Busy: true } || ready.Count > 0 || inFlight.Count > 0, StopToken);
        LeavePipelineProgress();
        if (IsStopping)
        {
            return;
        }

        foreach (var reference in waiting.Values)
        {
            unsavedOutputs[reference.Id] = 0;
            WriteError(new ErrorRecord(
                new TimeoutException($"Run {reference.Id} did not finish in time; its video was not saved. Run Save-SeedanceVideo again later."),
                "Seedance.WaitTimeout", ErrorCategory.OperationTimeout, (object?)reference.Known ?? reference.Id));
        }

        if (!IsWhatIf())
        {
            SaveFollowUp.RemoveLeftovers(this, directory, unsavedOutputs);
        }
    }

    private void OnRunFinished(Run run)
    {
        if (waiting.TryGetValue(run.Id, out var reference))
        {
            waiting.Remove(run.Id);
            Enqueue(reference.Wrap(run, SessionFor(reference.Known)));
            StartDownloads();
        }
    }

    private void OnRunLost(string runId, Exception failure)
    {
        if (waiting.TryGetValue(runId, out var reference))
        {
            waiting.Remove(runId);
            WriteFailure(failure, (object?)reference.Known ?? reference.Id, $"Saving run {runId}");
        }
    }

    private void Enqueue(SeedanceRun run)
    {
        if (run.Status is not (RunStatus.Succeeded or RunStatus.PartialSucceeded) || run.VideoUrl is null)
        {
            var reason = run.Status is RunStatus.Succeeded or RunStatus.PartialSucceeded
                ? "it has no output file"
                : $"it ended {run.StatusCode ?? run.Status.ToString()}" + (run.FailureMessage is null ? string.Empty : $" ({run.FailureCode}: {run.FailureMessage})");
            WriteError(new ErrorRecord(new InvalidOperationException($"Run {run.Id} has no video to save: {reason}."),
                "Seedance.RunNotSucceeded", ErrorCategory.InvalidResult, run));
            if (IncludeMetadata.IsPresent)
            {
                WriteSidecarWithoutVideo(run);
            }

            return;
        }

        ready.Enqueue(run);
    }

    /// <summary>-IncludeMetadata keeps a record of a run that left no video, under the name its video would have had, so
    /// the folder (and Export-SeedanceGallery) still shows that input and why it failed. A video already saved under that
    /// name keeps its own metadata.</summary>
    private void WriteSidecarWithoutVideo(SeedanceRun run)
    {
        string target;
        try
        {
            target = targets!.For(run, inputPositions.TryGetValue(run.Id, out var position) ? position : 0, 0, out _);
        }
        catch (ArgumentException exception)
        {
            WriteError(ErrorRecords.InvalidInput("Seedance.InvalidFileName", exception.Message, run));
            return;
        }

        if (File.Exists(target))
        {
            WriteVerbose($"{target} is a video of an earlier run; the metadata of run {run.Id}, which has no video, was not written beside it.");
        }
        else if (ShouldProcess(RunSidecar.PathFor(target), $"Write the metadata of run {run.Id}, which has no video"))
        {
            try
            {
                System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                RunSidecar.WriteWithoutVideo(target, run.Details, run.Model);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                WriteFailure(exception, run, $"Writing the metadata of run {run.Id}");
            }
        }
    }

    private void StartDownloads()
    {
        while (ready.Count > 0 && inFlight.Count < ThrottleLimit && !IsStopping)
        {
            var run = ready.Dequeue();
            var outputIndex = run.VideoOutputIndex;
            unsavedOutputs[run.Id] = outputIndex;
            string target;
            try
            {
                target = targets!.For(run, inputPositions.TryGetValue(run.Id, out var position) ? position : 0, outputIndex, out var sharedWith);
                if (sharedWith is not null)
                {
                    WriteWarning($"Run {run.Id} would be saved as {sharedWith}, which another run of this pipeline takes; it goes to {target} instead.");
                }
            }
            catch (ArgumentException exception)
            {
                WriteError(ErrorRecords.InvalidInput("Seedance.InvalidFileName", exception.Message, run));
                continue;
            }

            if (!ShouldProcess(target, $"Save the video of run {run.Id}"))
            {
                continue;
            }

            var includeMetadata = IncludeMetadata.IsPresent;
            var overwrite = Force.IsPresent;
            var client = SessionFor(run).Client;
            var task = Start(async token =>
            {
                var reporter = new Progress<DownloadProgress>(_ => { });
                var result = await client.DownloadOutputAsync(
                    new DownloadRequest { Run = run.Details, OutputIndex = outputIndex, DestinationPath = target, Overwrite = overwrite },
                    reporter, token).ConfigureAwait(false);
                string? sidecar = null;
                if (includeMetadata)
                {
                    sidecar = await RunSidecar.WriteAsync(result.Path, run.Details, run.Model, token).ConfigureAwait(false);
                }

                return (result, sidecar);
            });
            inFlight.Add(task);
            task.ContinueWith(done => Dispatcher.Post(() => Finish(done, run)), TaskScheduler.Default);
        }
    }

    private void Finish(Task<(DownloadResult Result, string? Sidecar)> done, SeedanceRun run)
    {
        inFlight.Remove(done);
        if (done.IsFaulted)
        {
            var failure = done.Exception!.GetBaseException();
            if (failure is RunflowDestinationException { AffectsEveryFile: true } destination)
            {
                // Every later video would fail the same way: stop the pipeline, so nothing more is paid for.
                CancelOwnWork();
                ThrowTerminatingError(ErrorRecords.FromException(destination, destination.Path, $"Saving run {run.Id}"));
            }

            if (failure is RunflowDestinationException other)
            {
                WriteError(ErrorRecords.FromException(other, other.Path, $"Saving run {run.Id}"));
            }
            else if (failure is not OperationCanceledException)
            {
                WriteFailure(failure, run, $"Saving run {run.Id}");
            }
        }
        else if (done.Status == TaskStatus.RanToCompletion)
        {
            var (result, sidecar) = done.Result;
            unsavedOutputs.Remove(run.Id);
            Report(result, run);
            if (result.Skipped)
            {
                skipped++;
                WriteVerbose($"{result.Path} is already complete ({result.Bytes:N0} bytes); skipped. Use -Force to download again.");
            }
            else
            {
                saved++;
                bytesWritten += result.Bytes;
            }

            WriteObject(new SeedanceVideo(run, result.Path, result.Bytes, result.Skipped ? SeedanceVideoStatus.Skipped : SeedanceVideoStatus.Saved, sidecar, directory));
        }

        if (progress is not null)
        {
            progress.Saved = saved;
            progress.Skipped = skipped;
            progress.Downloading = inFlight.Count;
            progress.BytesWritten = bytesWritten;
            progress.Changed(this);
        }
        StartDownloads();
    }

    /// <summary>Says where the video went when not where asked and what was resumed, and records the file in the
    /// ledger entry of a run this session created.</summary>
    private void Report(DownloadResult result, SeedanceRun run)
    {
        foreach (var warning in SaveFollowUp.Warnings(result))
        {
            WriteWarning(warning);
        }

        if (SaveFollowUp.Resumed(result) is { } resumed)
        {
            WriteVerbose(resumed);
        }

        if (SaveFollowUp.RecordInLedger(SessionFor(run), result) is { } failed)
        {
            WriteWarning(failed);
        }
    }
}
