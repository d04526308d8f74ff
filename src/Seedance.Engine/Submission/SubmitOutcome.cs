namespace Seedance.Engine.Submission;

/// <summary>How a submitted row got its run.</summary>
public enum SubmitOutcome
{
    /// <summary>A new paid run.</summary>
    Created,

    /// <summary>A create whose answer was lost made this run; it was found, not paid for again.</summary>
    Adopted,

    /// <summary>An earlier take's run, unfinished or succeeded, is used (the ledger's, or the server's with SkipExisting).</summary>
    Reused,
}
