using System.Globalization;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>Formats engine trace events as one-line -Verbose/-Debug messages (the engine has already masked secrets).</summary>
internal static class TraceFormatter
{
    public static string Format(RunflowTraceEvent traceEvent)
    {
        var elapsed = traceEvent.Elapsed is { } time
            ? " " + time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"
            : string.Empty;
        var status = traceEvent.StatusCode is { } code ? " -> " + code.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var attempt = traceEvent.Attempt > 1 ? $" (attempt {traceEvent.Attempt})" : string.Empty;
        var head = $"Seedance: {traceEvent.Method} {traceEvent.PathAndQuery}{status}{elapsed}{attempt}";
        if (!string.IsNullOrEmpty(traceEvent.Message))
        {
            head += " " + traceEvent.Message;
        }

        return traceEvent.Body is null ? head : head + "\n" + traceEvent.Body;
    }
}
