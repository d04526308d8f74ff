using System;

namespace Seedance.Engine;

/// <summary>How following one run ended: the run in its terminal state, or the reason it was lost.</summary>
public sealed class FollowedRun
{
    public FollowedRun(string runId, Run? run, Exception? failure)
    {
        RunId = runId;
        Run = run;
        Failure = failure;
    }

    public string RunId { get; }

    /// <summary>The run, ended; null when it was lost.</summary>
    public Run? Run { get; }

    /// <summary>Why the run could not be followed (for example <see cref="RunflowRunNotFoundException"/>).</summary>
    public Exception? Failure { get; }
}
