namespace Seedance.Engine.Submission;

/// <summary>How a submitted request got its run, or why it has none.</summary>
public enum SubmitOutcome
{
    /// <summary>A new paid run.</summary>
    Created,

    /// <summary>A create whose answer was lost made this run; it was found, not paid for again.</summary>
    Adopted,

    /// <summary>Skipped: an earlier take's run, unfinished or succeeded, is used (the ledger's, or the server's with
    /// SkipExisting), and nothing is paid.</summary>
    Reused,

    /// <summary>No run: <see cref="SubmitResult.Failure"/> says why (refused, a re-run that needs a new take, an outcome
    /// that could not be decided...).</summary>
    Failed,

    /// <summary>Stopped (canceled) before its outcome was known: a run may exist, and the ledger's next run resolves it.</summary>
    Interrupted,

    /// <summary>Stopped (canceled) before anything was sent for it (it had not started, or its batch was still
    /// filling): no run exists.</summary>
    NotSent,
}
