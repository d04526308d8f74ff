using System;

namespace Seedance.Engine;

/// <summary>
/// How transient failures (429, 5xx, network errors) are retried: exponential backoff with jitter, at most
/// <see cref="MaxAttempts"/> attempts in all, honouring Retry-After (the policy Runflow's errors page documents).
/// </summary>
public sealed class RetryOptions
{
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(32);

    public TimeSpan MaxJitter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A Retry-After longer than this is capped, so a misbehaving server cannot park a runbook for hours.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(120);

    public RetryOptions Clone() => (RetryOptions)MemberwiseClone();
}
