namespace Seedance.Engine.Submission;

/// <summary>What a create does about the ledger's last take of its client ref.</summary>
public enum RerunAction
{
    /// <summary>Nothing paid is there (no take, a failed run, a create the server refused): a new take.</summary>
    NewTake,

    /// <summary>The last take may have been sent: find out first.</summary>
    Resolve,

    /// <summary>Another live session is sending it right now: wait for its run.</summary>
    WaitForOwner,

    /// <summary>The run exists and has not finished: follow it.</summary>
    Follow,

    /// <summary>The run succeeded: use it.</summary>
    Reuse,

    /// <summary>Paying again needs the user's say-so: the input changed, or the last take was canceled (not refunded) or
    /// ended in a status nobody listed.</summary>
    Refuse,
}
