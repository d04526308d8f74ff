using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// The engine's one retry policy, for API calls, asset uploads and video downloads alike: which answers and failures are
/// tried again, how many attempts there are, and the wait before the next one (<see cref="BackoffStrategy"/>, on the
/// engine's clock, traced). A request that may create paid work is retried only where nothing can have been made: a
/// failure that proves nothing was sent, and 429 (a rate limiter answers before any work is done).
/// </summary>
internal sealed class RetryPolicy
{
    private readonly EngineClock clock;
    private readonly ApiKey? key;

    public RetryPolicy(RetryOptions options, EngineClock clock, ApiKey? key)
    {
        Backoff = new BackoffStrategy(options);
        MaxAttempts = Math.Max(1, options.MaxAttempts);
        this.clock = clock;
        this.key = key;
    }

    public BackoffStrategy Backoff { get; }

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; }

    /// <summary>The documented retry policy: 429 and 5xx, never another 4xx. 501 is the exception: "not implemented" is
    /// permanent, and retrying it would only delay the fallback a caller has for an unsupported route.</summary>
    public static bool IsTransient(int status) => status == 429 || (status >= 500 && status != 501);

    /// <summary>Whether an answer with <paramref name="status"/> is tried again, for a request that may create paid work
    /// (<paramref name="mayCreate"/>) or one that is safe to repeat.</summary>
    public static bool RetriesStatus(int status, bool mayCreate) => mayCreate ? status == 429 : IsTransient(status);

    /// <summary>Whether a request that got no answer is tried again.</summary>
    public static bool RetriesFailure(RunflowTransportException failure, bool mayCreate) => !mayCreate || !failure.RequestMayHaveArrived;

    /// <summary>The server's Retry-After in its seconds form only. The HTTP-date form is ignored, as the reference
    /// advises: a clock skew between us and the server would turn it into no wait or a very long one, and exponential
    /// backoff applies instead.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter?.Delta;

    /// <summary>Waits before attempt <paramref name="nextAttempt"/> (2 for the first retry); <paramref name="describe"/>
    /// says what is retried, given the delay, for the trace (secrets are masked here).</summary>
    public async Task WaitAsync(string method, string shownTarget, int nextAttempt, TimeSpan? retryAfter, Func<TimeSpan, string> describe,
        CancellationToken cancellationToken)
    {
        var delay = Backoff.Delay(nextAttempt, retryAfter);
        if (RunflowTrace.IsActive)
        {
            RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Retry, method, shownTarget, null, delay, nextAttempt,
                Secrets.Scrub(describe(delay), key)));
        }

        await clock.Delay(delay, cancellationToken).ConfigureAwait(false);
    }
}
