using System;

namespace Seedance.Engine;

/// <summary>
/// Delays between attempts: Retry-After when the server gives one (capped), otherwise exponential from the base delay
/// up to the maximum, plus random jitter so that many clients do not retry in step.
/// </summary>
internal sealed class BackoffStrategy
{
    private readonly RetryOptions options;
    private readonly Func<double> random;

    public BackoffStrategy(RetryOptions options, Func<double>? random = null)
    {
        this.options = options;
        this.random = random ?? ThreadSafeRandom;
    }

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 for the first retry).</summary>
    public TimeSpan Delay(int nextAttempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } serverDelay && serverDelay >= TimeSpan.Zero)
        {
            return serverDelay > options.MaxRetryAfter ? options.MaxRetryAfter : serverDelay;
        }

        var exponent = Math.Max(0, nextAttempt - 2);
        var baseTicks = options.BaseDelay.Ticks * Math.Pow(2, Math.Min(exponent, 30));
        var capped = Math.Min(baseTicks, options.MaxDelay.Ticks);
        var jitter = options.MaxJitter.Ticks * random();
        return TimeSpan.FromTicks((long)(capped + jitter));
    }

    private static readonly object RandomLock = new();
    private static readonly Random Shared = new();

    private static double ThreadSafeRandom()
    {
        lock (RandomLock)
        {
            return Shared.NextDouble();
        }
    }
}
