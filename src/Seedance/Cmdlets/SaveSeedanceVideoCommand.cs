using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
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
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunReference> waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> inputPositions = new(StringComparer.Ordinal);
    private VideoDownloads? downloads;
    private RunFollower? follower;
    private CancellationTokenSource? deadline;
    private int inputCount;

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
        var directory = string.Empty;
        SaveTargets? targets = null;
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
        downloads = new VideoDownloads(this, targets!, inputPositions, directory, ThrottleLimit, Force.IsPresent, IncludeMetadata.IsPresent,
            JoinPipelineProgress());
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
                Enqueue(known.With(known.Details, session));
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
        Dispatcher.PumpWhile(() => follower is { Busy: true } || downloads!.Busy, StopToken);
        LeavePipelineProgress();
        if (IsStopping)
        {
            return;
        }

        foreach (var reference in waiting.Values)
        {
            downloads!.KeepPartialFileOf(reference.Id);
            WriteError(new ErrorRecord(
                new TimeoutException($"Run {reference.Id} did not finish in time; its video was not saved. Run Save-SeedanceVideo again later."),
                "Seedance.WaitTimeout", ErrorCategory.OperationTimeout, (object?)reference.Known ?? reference.Id));
        }

        if (!IsWhatIf())
        {
            downloads!.RemoveLeftovers();
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

    /// <summary>Queues an ended run for saving; its session remembers it as every emitted run is remembered.</summary>
    private void Enqueue(SeedanceRun run)
    {
        run.Origin?.Remember(run);
        downloads!.Enqueue(run);
    }

    private void StartDownloads() => downloads!.Start();
}
