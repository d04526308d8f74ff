using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// The engine's one source of time: wall-clock readings (for the ledger and the API's created_at filter), a monotonic
/// clock (for windows and deadlines) and delays (backoff, polling, look-ups). Tests drive the engine on compressed time
/// through a clock of their own instead of sleeping through real windows. (Microsoft.Bcl.TimeProvider would do the
/// same, but it is one more assembly to load beside the host's on Windows PowerShell 5.1.)
/// </summary>
public abstract class EngineClock
{
    /// <summary>The real clock.</summary>
    public static EngineClock System { get; } = new SystemClock();

    public abstract DateTimeOffset UtcNow { get; }

    /// <summary>Time elapsed on a clock that never jumps back (not the wall clock).</summary>
    public abstract TimeSpan Monotonic { get; }

    public abstract Task Delay(TimeSpan delay, CancellationToken cancellationToken);

    private sealed class SystemClock : EngineClock
    {
        private readonly Stopwatch stopwatch = Stopwatch.StartNew();

        public override DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public override TimeSpan Monotonic => stopwatch.Elapsed;

        public override Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
