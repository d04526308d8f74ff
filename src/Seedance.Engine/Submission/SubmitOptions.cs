using System;

namespace Seedance.Engine.Submission;

/// <summary>How a <see cref="SubmitOperation"/> treats what the ledger and the server already have.</summary>
public sealed class SubmitOptions
{
    /// <summary>Also asks the server for a run with the row's client ref (one another machine's ledger may have made).</summary>
    public bool SkipExisting { get; set; }

    /// <summary>Creates requests that may share a batch (<see cref="BatchRule"/>) with one batch create each, up to
    /// <see cref="BatchRule.MaxItems"/>; a route that refuses batches gets them one by one.</summary>
    public bool Batch { get; set; }

    /// <summary>Pays for a new take where the re-run rule asks first: the last take was canceled or ended in an unlisted
    /// status, or it was made with another input.</summary>
    public bool NewTake { get; set; }

    /// <summary>Resends a create whose outcome could not be decided, with the same Idempotency-Key. Only the user can
    /// choose this: on a server that ignores the key it may pay twice.</summary>
    public bool ResendUnknown { get; set; }

    /// <summary>How long after a create was sent the server might still commit it (a create whose answer never came can
    /// commit after the client gave up). A run is evidence that search caught up past a send only if it was created at
    /// least this long after it. INFERRED: the docs give no bound; twice the request timeout is the default.</summary>
    public TimeSpan CommitWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How far the server's clock may be from ours, when comparing its created_at with our times.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a create whose outcome is unknown keeps being looked up (other rows go on meanwhile) before it
    /// is reported as unknown and left for the next run to resolve.</summary>
    public TimeSpan ResolvePatience { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a row waits for another live session that is creating the same client ref.</summary>
    public TimeSpan OwnerPatience { get; set; } = TimeSpan.FromMinutes(10);

    public SubmitOptions Clone() => (SubmitOptions)MemberwiseClone();
}
