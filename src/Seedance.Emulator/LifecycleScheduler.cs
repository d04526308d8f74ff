using System;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Emulator;

/// <summary>
/// Moves runs through their stages and queues the callbacks of those that end, timed by the emulator's clock only: it
/// looks every <see cref="Tick"/> of that clock (a timer on it), when a request may have changed what is due
/// (<see cref="Nudge"/>), and again at once while a stage is due already (stages of 0 ms). A fake clock that stands
/// still therefore holds every timed stage, and one moved on is acted on within the move.
/// </summary>
internal sealed class LifecycleScheduler : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly EmulatorState state;
    private readonly CallbackDispatcher callbacks;
    private readonly TimeProvider clock;
    private readonly ITimer timer;
    private TaskCompletionSource wake = NewWake();

    public LifecycleScheduler(EmulatorState state, CallbackDispatcher callbacks, TimeProvider clock)
    {
        this.state = state;
        this.callbacks = callbacks;
        this.clock = clock;
        // Periodic and never changed: a timer re-armed after each look could be armed just after a fake clock moved,
        // and miss that move.
        timer = clock.CreateTimer(_ => Nudge(), null, Tick, Tick);
    }

    /// <summary>Makes the scheduler look again now, e.g. after a create or a cancellation.</summary>
    public void Nudge() => Volatile.Read(ref wake).TrySetResult();

    public async Task RunAsync(CancellationToken stopping)
    {
        using var stop = stopping.Register(Nudge);
        while (!stopping.IsCancellationRequested)
        {
            // A fresh signal before the clock is read, so a tick or nudge that comes during this look makes another.
            var signal = NewWake();
            Volatile.Write(ref wake, signal);
            bool due;
            lock (state.Gate)
            {
                var now = clock.GetUtcNow();
                var ended = state.Advance(now);
                callbacks.EnqueueEnded(ended, state.BatchesFinishedBy(ended));
                due = state.HasStageDue(now);
            }

            if (due)
            {
                await Task.Yield();
                continue;
            }

            await signal.Task.ConfigureAwait(false);
        }
    }

    public void Dispose() => timer.Dispose();

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
