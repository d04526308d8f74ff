using System;
using System.Threading;
using Seedance.Engine;

namespace Seedance.Tests.Time;

/// <summary>
/// The emulator's side of a <see cref="CompressedClock"/>: the same readings (wall clock and timestamps) and timers
/// that fire after their due time divided by the factor. An emulator started on it and a client on the clock agree on
/// every timestamp and window, as a server and a client on real time do.
/// </summary>
public sealed class CompressedTimeProvider : TimeProvider
{
    private readonly CompressedClock clock;

    public CompressedTimeProvider(CompressedClock clock)
    {
        this.clock = clock;
    }

    public override DateTimeOffset GetUtcNow() => clock.UtcNow;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => clock.Monotonic.Ticks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)), this);

    /// <summary>Infinite stays infinite and zero stays zero (a period of zero means no repeat). Anything else is at
    /// least a millisecond: system timers count whole milliseconds, so a 10 ms period compressed 20 times (0.5 ms)
    /// would become a period of zero and the emulator's periodic lifecycle timer would fire once and never again.</summary>
    private TimeSpan ToReal(TimeSpan compressed) =>
        compressed == Timeout.InfiniteTimeSpan || compressed <= TimeSpan.Zero
            ? compressed
            : TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, clock.ToReal(compressed).Ticks));

    private sealed class ScaledTimer : ITimer
    {
        private readonly ITimer inner;
        private readonly CompressedTimeProvider owner;

        public ScaledTimer(ITimer inner, CompressedTimeProvider owner)
        {
            this.inner = inner;
            this.owner = owner;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.ToReal(dueTime), owner.ToReal(period));

        public void Dispose() => inner.Dispose();

        public System.Threading.Tasks.ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
