using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// A clock on which time runs <see cref="Factor"/> times faster than real time: a 32 s backoff waits 32/Factor s, and
/// windows measured on <see cref="Monotonic"/> close as much sooner. For tests and benchmarks that keep the production
/// policy (the same attempts, windows and order) without its real waiting. The wall clock stays real: it is compared
/// with the server's timestamps and stored in the ledger, which other processes read.
/// </summary>
public sealed class CompressedClock : EngineClock
{
    private readonly Stopwatch stopwatch = Stopwatch.StartNew();

    public CompressedClock(double factor)
    {
        if (factor < 1 || double.IsNaN(factor) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be 1 or more.");
        }

        Factor = factor;
    }

    public double Factor { get; }

    public override DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public override TimeSpan Monotonic => TimeSpan.FromTicks((long)(stopwatch.Elapsed.Ticks * Factor));

    public override Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(TimeSpan.FromTicks(Math.Max(1, (long)(delay.Ticks / Factor))), cancellationToken);
}
