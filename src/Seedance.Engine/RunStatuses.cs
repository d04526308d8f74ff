using System;
using System.Collections.Generic;

namespace Seedance.Engine;

public static class RunStatuses
{
    /// <summary>Every documented status, in lifecycle order (runflow-api.md §4).</summary>
    public static IReadOnlyList<RunStatus> Documented { get; } = new[]
    {
        RunStatus.Queued, RunStatus.Dispatching, RunStatus.Running, RunStatus.Succeeded, RunStatus.Failed, RunStatus.Canceled,
        RunStatus.PartialSucceeded,
    };

    /// <summary>Reads a status_code; both "canceled" (current docs, SDK) and "cancelled" (older docs, event names) mean
    /// <see cref="RunStatus.Canceled"/>.</summary>
    public static RunStatus Parse(string? statusCode)
    {
        switch ((statusCode ?? string.Empty).Trim().ToLowerInvariant().Replace("-", "_"))
        {
            case "queued":
                return RunStatus.Queued;
            case "dispatching":
                return RunStatus.Dispatching;
            case "running":
                return RunStatus.Running;
            case "succeeded":
                return RunStatus.Succeeded;
            case "failed":
                return RunStatus.Failed;
            case "canceled":
            case "cancelled":
                return RunStatus.Canceled;
            case "partial_succeeded":
            case "partialsucceeded":
                return RunStatus.PartialSucceeded;
            default:
                return RunStatus.Unknown;
        }
    }

    /// <summary>Whether polling can stop. <see cref="RunStatus.PartialSucceeded"/> is terminal (the official SDK forgets
    /// it); <see cref="RunStatus.Unknown"/> is not: a value this version does not know keeps being followed until the
    /// caller's deadline rather than being mistaken for an end.</summary>
    public static bool IsTerminal(RunStatus status) =>
        status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Canceled or RunStatus.PartialSucceeded;

    /// <summary>The documented API spelling.</summary>
    public static string ToApiString(RunStatus status) => status switch
    {
        RunStatus.Queued => "queued",
        RunStatus.Dispatching => "dispatching",
        RunStatus.Running => "running",
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.Canceled => "canceled",
        RunStatus.PartialSucceeded => "partial_succeeded",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown has no API spelling."),
    };

    /// <summary>Every spelling a server may store the status under, for filters: the docs spell a canceled run both
    /// "canceled" (current docs, SDK) and "cancelled" (older docs, the cancel guide), so a search asks for both.</summary>
    public static IReadOnlyList<string> ApiSpellings(RunStatus status) =>
        status == RunStatus.Canceled ? new[] { "canceled", "cancelled" } : new[] { ToApiString(status) };
}
