using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// A clock on which time runs <see cref="Factor"/> times faster than real time: a 32 s backoff waits 32/Factor s, a
/// 60 s commit window closes after 60/Factor s, and the wall clock moves on as much. For tests and benchmarks that keep
/// the production policy (the same attempts, windows and order) without its real waiting.
/// </summary>
/// <remarks>
/// The wall clock (<see cref="UtcNow"/>) is compressed as well, from the moment the clock was made: the commit window
/// and the created_at filter compare it with the server's timestamps, so a real wall clock beside compressed delays
/// would measure those windows in real seconds (uncompressed) while a 60 s wait took 60/Factor s, and the two views of
/// one window would disagree. The server must therefore run on this same clock (the emulator takes one through its
/// TimeProvider seam); against a server on real time, use <see cref="EngineClock.System"/>. Its readings are in the
/// future of the real clock, so a ledger written on it is for the test that made it, not for other processes.
/// </remarks>
public sealed class CompressedClock : EngineClock
{
    private readonly Stopwatch stopwatch = Stopwatch.StartNew();
    private readonly DateTimeOffset origin = DateTimeOffset.UtcNow;

    public CompressedClock(double factor)
    {
        if (factor < 1 || double.IsNaN(factor) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be 1 or more.");
        }

        Factor = factor;
    }

    public double Factor { get; }

    public override DateTimeOffset UtcNow => origin + Monotonic;

    public override TimeSpan Monotonic => TimeSpan.FromTicks((long)(stopwatch.Elapsed.Ticks * Factor));

    public override Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(ToReal(delay), cancellationToken);

    /// <summary>How long <paramref name="compressed"/> of this clock's time lasts in real time (never less than a tick,
    /// so a positive wait still yields).</summary>
    public TimeSpan ToReal(TimeSpan compressed) => TimeSpan.FromTicks(Math.Max(1, (long)(compressed.Ticks / Factor)));
}
