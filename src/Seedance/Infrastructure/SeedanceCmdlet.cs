using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// What every Seedance cmdlet shares: session lookup, Ctrl+C cancellation of in-flight requests,
/// running engine work while writing to the pipeline from the pipeline thread, request tracing for -Verbose/-Debug,
/// and turning engine exceptions into error records.
/// </summary>
public abstract class SeedanceCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private PipelineDispatcher? dispatcher;
    private SeedanceSession? resolvedSession;
    private PipelineProgress? pipelineProgress;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> running = new();
    private readonly System.Collections.Generic.List<IDisposable> owned = new();

    /// <summary>The session named by the cmdlet's <c>-Session</c> parameter, if it has one.</summary>
    internal virtual SeedanceSession? ExplicitSession => null;

    internal CancellationToken StopToken => stopping.Token;

    internal PipelineDispatcher Dispatcher => dispatcher ??= new PipelineDispatcher();

    internal bool IsStopping => stopping.IsCancellationRequested;

    protected override void StopProcessing()
    {
        stopping.Cancel();
        Dispatcher.Nudge();
    }

    /// <summary>Cancels this cmdlet's engine work before it ends the pipeline with a terminating error, so that work
    /// cleans up (temporary files) instead of running on unseen.</summary>
    internal void CancelOwnWork() => stopping.Cancel();

    internal SeedanceSession ResolveSession()
    {
        if (resolvedSession is not null)
        {
            return resolvedSession;
        }

        try
        {
            resolvedSession = SessionRegistry.Resolve(ExplicitSession);
        }
        catch (RunflowConfigurationException exception)
        {
            ThrowTerminatingError(new ErrorRecord(exception, "Seedance.NoSession", ErrorCategory.ConnectionError, null)
            {
                ErrorDetails = new ErrorDetails(exception.Message)
                {
                    RecommendedAction = "Run Connect-Seedance -ApiKey <key>, or set $env:RUNFLOW_API_KEY.",
                },
            });
        }

        if (resolvedSession!.IsDisposed)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ObjectDisposedException(nameof(SeedanceSession), "This Seedance session was disconnected."),
                "Seedance.SessionDisconnected", ErrorCategory.InvalidOperation, resolvedSession));
        }

        return resolvedSession;
    }

    internal RunflowClient Client => ResolveSession().Client;

    /// <summary>Emits <paramref name="run"/>, which its session remembers first (<see cref="SeedanceSession.Remember"/>).</summary>
    internal void WriteRun(SeedanceRun run)
    {
        run.Origin?.Remember(run);
        WriteObject(run);
    }

    /// <summary>The session to follow a piped run through: -Session when given, else the live session the run came
    /// from, else this cmdlet's usual one.</summary>
    internal SeedanceSession SessionFor(SeedanceRun? known) =>
        ExplicitSession is null && known?.Origin is { IsDisposed: false } origin ? origin : ResolveSession();

    /// <summary>Starts engine work on the thread pool with this cmdlet's tracing and cancellation; the caller pumps.</summary>
    internal Task<T> StartInBackground<T>(Func<CancellationToken, Task<T>> work)
    {
        var sink = TraceSink();
        var token = StopToken;
        var task = Task.Run(async () =>
        {
            if (sink is null)
            {
                return await work(token).ConfigureAwait(false);
            }

            using (RunflowTrace.BeginScope(sink.Write, sink.IncludeBodies))
            {
                return await work(token).ConfigureAwait(false);
            }
        });
        running[task] = true;
        task.ContinueWith(done => running.TryRemove(done, out _), TaskScheduler.Default);
        return task;
    }

    /// <summary>Starts engine work on the calling (pipeline) thread with this cmdlet's tracing and cancellation: what the
    /// work does before its first await happens now, in call order (a request's place in a batch); the caller pumps.</summary>
    internal Task<T> StartOnPipelineThread<T>(Func<CancellationToken, Task<T>> work)
    {
        var sink = TraceSink();
        var token = StopToken;
        Task<T>? task = null;
        // The trace scope is opened in a copy of this thread's context: it flows into the work, and the pipeline thread
        // leaves it behind when Run returns.
        ExecutionContext.Run(ExecutionContext.Capture()!.CreateCopy(), _ =>
        {
            if (sink is not null)
            {
                RunflowTrace.BeginScope(sink.Write, sink.IncludeBodies);
            }

            task = work(token);
        }, null);
        running[task!] = true;
        task!.ContinueWith(done => running.TryRemove(done, out _), TaskScheduler.Default);
        return task;
    }

    /// <summary>Runs engine work to completion while keeping the pipeline responsive; rethrows its exception.</summary>
    internal T RunWhilePumping<T>(Func<CancellationToken, Task<T>> work)
    {
        var task = StartInBackground(work);
        Dispatcher.PumpUntil(task);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>The runs piped in; an input that names no run gets an error record and is skipped.</summary>
    internal System.Collections.Generic.IEnumerable<RunReference> ReadRunReferences(object[] inputs)
    {
        foreach (var item in inputs)
        {
            RunReference? reference = null;
            try
            {
                reference = RunReference.From(item);
            }
            catch (InvalidInputException exception)
            {
                WriteError(ErrorRecords.InvalidInput(exception.ErrorId, exception.Message, exception.Value));
            }

            if (reference is not null)
            {
                yield return reference;
            }
        }
    }

    /// <summary>Writes an error record for a failure tied to one input, so the other inputs carry on.</summary>
    internal void WriteFailure(Exception exception, object? target, string? subject = null) =>
        WriteError(ErrorRecords.FromException(exception, target, subject));

    internal void ThrowFailure(Exception exception, object? target, string? subject = null) =>
        ThrowTerminatingError(ErrorRecords.FromException(exception, target, subject));

    /// <summary>ShouldProcess for a cmdlet with ConfirmImpact High and a -Force switch. A binary cmdlet cannot lower its own
    /// confirm preference, so -Force skips ShouldProcess itself, except when that would break a promise: -WhatIf (given
    /// or from $WhatIfPreference) still only previews, and an explicit -Confirm still asks.</summary>
    internal bool ShouldProcessUnlessForced(bool force, string target, string action)
    {
        if (force && !IsSwitchBound("Confirm") && !IsWhatIf())
        {
            return true;
        }

        return ShouldProcess(target, action);
    }

    private bool IsSwitchBound(string name) =>
        MyInvocation.BoundParameters.TryGetValue(name, out var bound) && (bound is SwitchParameter flag ? flag.IsPresent : bound is true);

    internal bool IsWhatIf()
    {
        if (MyInvocation.BoundParameters.ContainsKey("WhatIf"))
        {
            return IsSwitchBound("WhatIf");
        }

        var preference = GetVariableValue("WhatIfPreference");
        return LanguagePrimitives.IsTrue(preference is PSObject wrapped ? wrapped.BaseObject : preference);
    }

    /// <summary>Only a real console gets progress bars: runbooks, redirected output and hosted runspaces do not.</summary>
    internal bool ShowsProgress =>
        Host?.UI?.RawUI is not null
        && !string.Equals(Host.Name, "Default Host", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(Host.Name, "ServerRemoteHost", StringComparison.OrdinalIgnoreCase)
        && InteractiveConsole.IsWatched;

    /// <summary>
    /// Writes a verbose message that never asks. PowerShell 7 gives a binary cmdlet run with -Debug and without -Verbose
    /// a verbose preference of Inquire whenever the host can prompt, so the plain WriteVerbose would ask "Continue with
    /// this operation?" for every message (and fail in a -NonInteractive runbook, after a paid run was created). Those
    /// messages go to the debug stream instead, whose preference -Debug sets to Continue. This hides
    /// <see cref="Cmdlet.WriteVerbose"/> so every Seedance cmdlet gets it without calling anything else.
    /// </summary>
    internal new void WriteVerbose(string text)
    {
        if (VerboseWouldAsk)
        {
            WriteDebug(text);
        }
        else
        {
            base.WriteVerbose(text);
        }
    }

    /// <summary>-Debug without -Verbose, on a host that can prompt: the case where PowerShell would inquire.</summary>
    private bool VerboseWouldAsk =>
        IsSwitchBound("Debug") && !MyInvocation.BoundParameters.ContainsKey("Verbose") && Host?.UI is not null;

    /// <summary>Null when neither verbose nor debug output is wanted: then the engine is not asked to trace at all,
    /// which spares a thousand-run batch a formatted message and a pipeline-thread post per request.</summary>
    private TraceSinkAdapter? TraceSink()
    {
        var debug = IsPreferenceOn("Debug", "DebugPreference");
        // -Debug alone means "show everything" to PowerShell (verbose included, by asking); the request lines come out
        // too, through the WriteVerbose above, which does not ask.
        var verbose = IsPreferenceOn("Verbose", "VerbosePreference") || VerboseWouldAsk;
        return debug || verbose ? new TraceSinkAdapter(this, verbose, debug) : null;
    }

    private bool IsPreferenceOn(string switchName, string preferenceVariable)
    {
        if (MyInvocation.BoundParameters.TryGetValue(switchName, out var bound))
        {
            return bound is SwitchParameter flag ? flag.IsPresent : bound is true;
        }

        var preference = GetVariableValue(preferenceVariable);
        return preference is ActionPreference action && action != ActionPreference.SilentlyContinue
            && action != ActionPreference.Ignore;
    }

    /// <summary>Joins the one progress bar of this pipeline's Seedance stages.</summary>
    internal PipelineProgress JoinPipelineProgress()
    {
        if (pipelineProgress is null)
        {
            var joined = pipelineProgress = PipelineProgress.Join(this);
            // While this stage pumps, it also draws what a burst of changes left undrawn.
            Dispatcher.Tick = () => joined.Flush(this);
        }

        return pipelineProgress;
    }

    /// <summary>Leaves the pipeline's progress bar once, at the end or when stopped.</summary>
    internal void LeavePipelineProgress(bool pipelineStillOpen = true)
    {
        if (dispatcher is not null)
        {
            dispatcher.Tick = null;
        }

        pipelineProgress?.Leave(this, pipelineStillOpen);
        pipelineProgress = null;
    }

    /// <summary>Ties a resource to this cmdlet's lifetime: it is disposed when the pipeline ends, stops or fails. A run
    /// watcher left running would go on polling the API for runs nobody waits for any more.</summary>
    internal T Own<T>(T resource)
        where T : IDisposable
    {
        owned.Add(resource);
        return resource;
    }

    public void Dispose()
    {
        // Disposal comes after the pipeline has closed (or failed): the bar is forgotten, not drawn.
        LeavePipelineProgress(pipelineStillOpen: false);
        if (IsStopping)
        {
            // Canceled work cleans up after itself (temporary download files, for one); give it a moment to do so
            // before the caller, who pressed Ctrl+C, looks at the folder.
            try
            {
                Task.WaitAll(running.Keys.ToArray(), TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The failures were the cancellation itself.
            }
        }

        foreach (var resource in owned)
        {
            resource.Dispose();
        }

        stopping.Dispose();
        dispatcher?.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class TraceSinkAdapter
    {
        private readonly SeedanceCmdlet owner;

        private readonly bool verbose;

        public TraceSinkAdapter(SeedanceCmdlet owner, bool verbose, bool includeBodies)
        {
            this.owner = owner;
            this.verbose = verbose;
            IncludeBodies = includeBodies;
        }

        public bool IncludeBodies { get; }

        public void Write(RunflowTraceEvent traceEvent)
        {
            if (traceEvent.Kind == RunflowTraceEventKind.Body)
            {
                var body = TraceFormatter.Format(traceEvent);
                owner.Dispatcher.Post(() => owner.WriteDebug(body));
            }
            else if (verbose)
            {
                var text = TraceFormatter.Format(traceEvent);
                owner.Dispatcher.Post(() => owner.WriteVerbose(text));
            }
        }
    }
}
