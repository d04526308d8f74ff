namespace Seedance.Engine.Ledger;

/// <summary>Where a ledger entry's paid create stands.</summary>
public enum LedgerEntryState
{
    /// <summary>The intent is recorded and its owner is alive: the create is being sent, or about to be.</summary>
    Claimed,

    /// <summary>The create may have reached the server and nobody knows whether it made a run: its owner is gone, or its
    /// answer was lost and the look-up could not decide. It is resolved before anything else is done for its ref.</summary>
    MaybeSent,

    /// <summary>Nothing was created: the create never left this machine, or the server refused it.</summary>
    NotCreated,

    /// <summary>The run exists; its id is known.</summary>
    Created,

    /// <summary>The run reached a terminal state (see <see cref="LedgerEntry.Status"/>).</summary>
    Finished,
}
