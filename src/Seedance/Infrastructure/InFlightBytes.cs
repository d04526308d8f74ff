using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// The bytes the downloads in flight have on disk so far, as the engine reports them from thread-pool threads. Each
/// report asks the pipeline thread to redraw through <c>changed</c>, at most one such request waiting at a time, so a
/// fast download (a report per 256 KB) never floods the pipeline with redraws the bar's own throttle would drop.
/// </summary>
internal sealed class InFlightBytes : IProgress<DownloadProgress>
{
    private readonly ConcurrentDictionary<string, long> byRun = new(StringComparer.Ordinal);
    private readonly PipelineDispatcher dispatcher;
    private readonly Action changed;
    private int redrawWaiting;

    public InFlightBytes(PipelineDispatcher dispatcher, Action changed)
    {
        this.dispatcher = dispatcher;
        this.changed = changed;
    }

    /// <summary>The sum over the downloads still running (a resumed one counts the bytes it resumed from).</summary>
    public long Total => byRun.Values.Sum();

    public void Report(DownloadProgress value)
    {
        byRun[value.RunId] = value.BytesReceived;
        if (Interlocked.Exchange(ref redrawWaiting, 1) == 0)
        {
            dispatcher.Post(() =>
            {
                Volatile.Write(ref redrawWaiting, 0);
                changed();
            });
        }
    }

    /// <summary>The download of <paramref name="runId"/> has ended (its engine task has returned, so it reports no more).</summary>
    public void Forget(string runId) => byRun.TryRemove(runId, out _);
}
