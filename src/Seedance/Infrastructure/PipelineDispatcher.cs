using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Infrastructure;

/// <summary>
/// Runs work posted from background tasks on the pipeline thread. PowerShell only allows WriteObject, WriteError,
/// WriteProgress and friends from the thread that called BeginProcessing/ProcessRecord/EndProcessing, while the
/// engine reports results from thread-pool threads; background code posts and the pipeline thread pumps.
/// </summary>
internal sealed class PipelineDispatcher : IDisposable
{
    private readonly BlockingCollection<Action> pending = new();

    /// <summary>Run on the pipeline thread after every posted action and, when nothing is posted, four times a second
    /// (the progress bar's late redraw).</summary>
    public Action? Tick { get; set; }

    public void Post(Action action)
    {
        try
        {
            pending.Add(action);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            // The cmdlet has finished; nothing can be written any more.
        }
    }

    /// <summary>Runs posted actions on the calling (pipeline) thread until <paramref name="task"/> completes,
    /// then runs whatever is left.</summary>
    public void PumpUntil(Task task)
    {
        task.ContinueWith(_ => Post(() => { }), TaskScheduler.Default);
        while (!task.IsCompleted)
        {
            if (pending.TryTake(out var action, 250))
            {
                action();
            }

            Tick?.Invoke();
        }

        Drain();
    }

    /// <summary>Runs posted actions until <paramref name="condition"/> holds; checks it after every action and at
    /// least four times a second.</summary>
    public void PumpWhile(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (condition() && !cancellationToken.IsCancellationRequested)
        {
            if (pending.TryTake(out var action, 250))
            {
                action();
            }

            Tick?.Invoke();
        }
    }

    /// <summary>Wakes a pump that waits for a condition change.</summary>
    public void Nudge() => Post(() => { });

    public void Drain()
    {
        while (pending.TryTake(out var action))
        {
            action();
        }
    }

    public void Dispose()
    {
        pending.CompleteAdding();
        pending.Dispose();
    }
}
