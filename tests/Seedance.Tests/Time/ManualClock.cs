using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;

namespace Seedance.Tests.Time;

/// <summary>
/// A clock that stands still until a test moves it on. A delay on it ends only when <see cref="Advance"/> passes its
/// deadline (or its token is cancelled), so whatever the engine means to do later stays visible as a pending delay:
/// "no delay pending" is the signal that nothing is left to happen, without sleeping to see that nothing comes.
/// </summary>
public sealed class ManualClock : EngineClock
{
    private readonly object gate = new();
    private readonly DateTimeOffset start = DateTimeOffset.UtcNow;
    private readonly List<(TimeSpan Due, TaskCompletionSource Done)> delays = new();
    private TimeSpan elapsed;
    private TaskCompletionSource noneLeft = Completed();

    public override DateTimeOffset UtcNow => start + Monotonic;

    public override TimeSpan Monotonic
    {
        get
        {
            lock (gate)
            {
                return elapsed;
            }
        }
    }

    public int PendingDelays
    {
        get
        {
            lock (gate)
            {
                return delays.Count;
            }
        }
    }

    public override Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (delays.Count == 0)
            {
                noneLeft = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            delays.Add((elapsed + delay, done));
        }

        var registration = cancellationToken.Register(() =>
        {
            Remove(done);
            done.TrySetCanceled(cancellationToken);
        });
        done.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        return done.Task;
    }

    /// <summary>Moves the clock on and ends every delay whose deadline it passed.</summary>
    public void Advance(TimeSpan by)
    {
        List<TaskCompletionSource> due;
        lock (gate)
        {
            elapsed += by;
            due = delays.Where(delay => delay.Due <= elapsed).Select(delay => delay.Done).ToList();
        }

        foreach (var done in due)
        {
            Remove(done);
            done.TrySetResult();
        }
    }

    /// <summary>Waits until no delay is pending; false when one still is after <paramref name="limit"/> of real time.</summary>
    public bool WaitUntilNoDelayPending(TimeSpan limit)
    {
        Task signal;
        lock (gate)
        {
            signal = noneLeft.Task;
        }

        return signal.Wait(limit);
    }

    private void Remove(TaskCompletionSource done)
    {
        lock (gate)
        {
            if (delays.RemoveAll(delay => delay.Done == done) > 0 && delays.Count == 0)
            {
                noneLeft.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
