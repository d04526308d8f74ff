using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// The saving half of Save-SeedanceVideo, for runs that have ended: a run without a video gets an error record (and,
/// with -IncludeMetadata, its sidecar); the others are downloaded, at most ThrottleLimit at once, each emitted as a
/// <see cref="SeedanceVideo"/>, while the pipeline's progress bar shows how many are saved and the bytes written so far.
/// Used on the pipeline thread only; the downloads run on the thread pool and report back through the dispatcher.
/// </summary>
internal sealed class VideoDownloads
{
    private readonly SeedanceCmdlet cmdlet;
    private readonly SaveTargets targets;
    private readonly IReadOnlyDictionary<string, int> inputPositions;
    private readonly string directory;
    private readonly int throttleLimit;
    private readonly bool overwrite;
    private readonly bool includeMetadata;
    private readonly PipelineProgress progress;
    private readonly InFlightBytes inFlightBytes;
    private readonly Queue<SeedanceRun> ready = new();
    private readonly HashSet<Task> inFlight = new();
    // Leftover partial files of these runs (run id, output index) are theirs to resume next time, never removed as stale.
    private readonly Dictionary<string, int> unsavedOutputs = new(StringComparer.Ordinal);
    private int saved;
    private int skipped;
    private long bytesWritten;

    /// <param name="inputPositions">The position of each piped run among the inputs, filled in as they arrive (the
    /// file name template's {Index}).</param>
    public VideoDownloads(SeedanceCmdlet cmdlet, SaveTargets targets, IReadOnlyDictionary<string, int> inputPositions, string directory,
        int throttleLimit, bool overwrite, bool includeMetadata, PipelineProgress progress)
    {
        this.cmdlet = cmdlet;
        this.targets = targets;
        this.inputPositions = inputPositions;
        this.directory = directory;
        this.throttleLimit = throttleLimit;
        this.overwrite = overwrite;
        this.includeMetadata = includeMetadata;
        this.progress = progress;
        inFlightBytes = new InFlightBytes(cmdlet.Dispatcher, ShowProgress);
    }

    /// <summary>True while a run waits for a download slot or a download runs.</summary>
    public bool Busy => ready.Count > 0 || inFlight.Count > 0;

    /// <summary>Queues an ended run's video for <see cref="Start"/>, or says why it has none.</summary>
    public void Enqueue(SeedanceRun run)
    {
        if (run.Status is not (RunStatus.Succeeded or RunStatus.PartialSucceeded) || run.VideoUrl is null)
        {
            var reason = run.Status is RunStatus.Succeeded or RunStatus.PartialSucceeded
                ? "it has no output file"
                : $"it ended {run.StatusCode ?? run.Status.ToString()}" + (run.FailureMessage is null ? string.Empty : $" ({run.FailureCode}: {run.FailureMessage})");
            cmdlet.WriteError(new ErrorRecord(new InvalidOperationException($"Run {run.Id} has no video to save: {reason}."),
                "Seedance.RunNotSucceeded", ErrorCategory.InvalidResult, run));
            if (includeMetadata)
            {
                WriteSidecarWithoutVideo(run);
            }

            return;
        }

        ready.Enqueue(run);
    }

    /// <summary>Starts queued downloads while slots are free.</summary>
    public void Start()
    {
        var started = false;
        while (ready.Count > 0 && inFlight.Count < throttleLimit && !cmdlet.IsStopping)
        {
            var run = ready.Dequeue();
            var outputIndex = run.Details.Output?.VideoIndex ?? 0;
            unsavedOutputs[run.Id] = outputIndex;
            if (TargetFor(run, outputIndex, warnWhenShared: true) is not { } target || !cmdlet.ShouldProcess(target, $"Save the video of run {run.Id}"))
            {
                continue;
            }

            var client = cmdlet.SessionFor(run).Client;
            var request = new DownloadRequest { Run = run.Details, OutputIndex = outputIndex, DestinationPath = target, Overwrite = overwrite };
            var task = cmdlet.StartInBackground(async token =>
            {
                var result = await client.DownloadOutputAsync(request, inFlightBytes, token).ConfigureAwait(false);
                string? sidecar = null;
                if (includeMetadata)
                {
                    sidecar = await RunSidecar.WriteAsync(result.Path, run.Details, run.Model, token).ConfigureAwait(false);
                }

                return (result, sidecar);
            });
            inFlight.Add(task);
            started = true;
            task.ContinueWith(done => cmdlet.Dispatcher.Post(() => Finish(done, run)), TaskScheduler.Default);
        }

        if (started)
        {
            ShowProgress();
        }
    }

    /// <summary>The partial file of a run that did not end in time is kept for the next save to resume. Which output is
    /// its video is not known before it ends; Seedance's is the first.</summary>
    public void KeepPartialFileOf(string runId) => unsavedOutputs[runId] = 0;

    /// <summary>Removes what interrupted saves left in the folder, except the partial files of runs not saved here.</summary>
    public void RemoveLeftovers() => SaveFollowUp.RemoveLeftovers(cmdlet, directory, unsavedOutputs);

    /// <summary>The file for the run's output, or null (with an error record) when the name cannot be used.</summary>
    private string? TargetFor(SeedanceRun run, int outputIndex, bool warnWhenShared)
    {
        try
        {
            var target = targets.For(run, inputPositions.TryGetValue(run.Id, out var position) ? position : 0, outputIndex, out var sharedWith);
            if (warnWhenShared && sharedWith is not null)
            {
                cmdlet.WriteWarning($"Run {run.Id} would be saved as {sharedWith}, which another run of this pipeline takes; it goes to {target} instead.");
            }

            return target;
        }
        catch (ArgumentException exception)
        {
            cmdlet.WriteError(ErrorRecords.InvalidInput("Seedance.InvalidFileName", exception.Message, run));
            return null;
        }
    }

    /// <summary>-IncludeMetadata keeps a record of a run that left no video, under the name its video would have had, so
    /// the folder (and Export-SeedanceGallery) still shows that input and why it failed. A video already saved under that
    /// name keeps its own metadata.</summary>
    private void WriteSidecarWithoutVideo(SeedanceRun run)
    {
        if (TargetFor(run, 0, warnWhenShared: false) is not { } target)
        {
            return;
        }

        if (File.Exists(target))
        {
            cmdlet.WriteVerbose($"{target} is a video of an earlier run; the metadata of run {run.Id}, which has no video, was not written beside it.");
        }
        else if (cmdlet.ShouldProcess(RunSidecar.PathFor(target), $"Write the metadata of run {run.Id}, which has no video"))
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                RunSidecar.WriteWithoutVideo(target, run.Details, run.Model);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                cmdlet.WriteFailure(exception, run, $"Writing the metadata of run {run.Id}");
            }
        }
    }

    private void Finish(Task<(DownloadResult Result, string? Sidecar)> done, SeedanceRun run)
    {
        inFlight.Remove(done);
        inFlightBytes.Forget(run.Id);
        if (done.IsFaulted)
        {
            var failure = done.Exception!.GetBaseException();
            if (failure is RunflowDestinationException { AffectsEveryFile: true } destination)
            {
                // Every later video would fail the same way: stop the pipeline, so nothing more is paid for.
                cmdlet.CancelOwnWork();
                cmdlet.ThrowTerminatingError(ErrorRecords.FromException(destination, destination.Path, $"Saving run {run.Id}"));
            }

            if (failure is RunflowDestinationException other)
            {
                cmdlet.WriteError(ErrorRecords.FromException(other, other.Path, $"Saving run {run.Id}"));
            }
            else if (failure is not OperationCanceledException)
            {
                cmdlet.WriteFailure(failure, run, $"Saving run {run.Id}");
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
                cmdlet.WriteVerbose($"{result.Path} is already complete ({result.Bytes:N0} bytes); skipped. Use -Force to download again.");
            }
            else
            {
                saved++;
                bytesWritten += result.Bytes;
            }

            cmdlet.WriteObject(new SeedanceVideo(run, result.Path, result.Bytes, result.Skipped ? SeedanceVideoStatus.Skipped : SeedanceVideoStatus.Saved,
                sidecar, directory));
        }

        ShowProgress();
        Start();
    }

    /// <summary>Says where the video went when not where asked and what was resumed, and records the file in the
    /// ledger entry of a run this session created.</summary>
    private void Report(DownloadResult result, SeedanceRun run)
    {
        foreach (var warning in SaveFollowUp.Warnings(result))
        {
            cmdlet.WriteWarning(warning);
        }

        if (SaveFollowUp.Resumed(result) is { } resumed)
        {
            cmdlet.WriteVerbose(resumed);
        }

        if (SaveFollowUp.RecordInLedger(cmdlet.SessionFor(run), result) is { } failed)
        {
            cmdlet.WriteWarning(failed);
        }
    }

    private void ShowProgress()
    {
        progress.Saved = saved;
        progress.Skipped = skipped;
        progress.Downloading = inFlight.Count;
        progress.BytesWritten = bytesWritten + inFlightBytes.Total;
        progress.Changed(cmdlet);
    }
}
