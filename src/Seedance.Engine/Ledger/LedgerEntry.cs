using System;

namespace Seedance.Engine.Ledger;

/// <summary>
/// One paid create as the ledger knows it: the intent recorded before it was sent, and what became of it. Entries for
/// one client ref are numbered by take; a new take (a new Idempotency-Key) is only made when the ledger says the last
/// one is over and was not paid for, or when the user asks for one.
/// </summary>
public sealed class LedgerEntry
{
    internal LedgerEntry(string entryId, LedgerScope scope, string clientRef, string model, string inputDigest, string inputJson,
        string idempotencyKey, int take, string owner, DateTimeOffset claimedAt)
    {
        EntryId = entryId;
        Scope = scope;
        ClientRef = clientRef;
        Model = model;
        InputDigest = inputDigest;
        InputJson = inputJson;
        IdempotencyKey = idempotencyKey;
        Take = take;
        Owner = owner;
        ClaimedAt = claimedAt;
        UpdatedAt = claimedAt;
    }

    /// <summary>The entry's own id; it also travels in the run's metadata, so a run can be matched to its entry.</summary>
    public string EntryId { get; }

    public LedgerScope Scope { get; }

    public string ClientRef { get; }

    public string Model { get; }

    public string InputDigest { get; }

    /// <summary>The input as sent, presigned URLs masked.</summary>
    public string InputJson { get; }

    public string IdempotencyKey { get; }

    public int Take { get; }

    /// <summary>The ledger session that claimed the entry.</summary>
    public string Owner { get; }

    public DateTimeOffset ClaimedAt { get; }

    /// <summary>When the create was last sent (it may be resent, with the same key, once absence is proven).</summary>
    public DateTimeOffset? SentAt { get; internal set; }

    public LedgerEntryState State { get; internal set; }

    /// <summary>Whether the owner was seen alive when the entry was last read (false once it is gone).</summary>
    public bool OwnerAlive { get; internal set; } = true;

    public string? RunId { get; internal set; }

    /// <summary>The organization the run said it belongs to.</summary>
    public string? RunOrganizationId { get; internal set; }

    /// <summary>The run's status as last recorded (the API's spelling).</summary>
    public string? Status { get; internal set; }

    public string? Note { get; internal set; }

    public decimal? EstimatedUsd { get; internal set; }

    public decimal? ActualUsd { get; internal set; }

    public string? Destination { get; internal set; }

    public DateTimeOffset UpdatedAt { get; internal set; }

    public bool Forgotten { get; internal set; }

    /// <summary>The state a reader should act on: a claim whose owner is gone may have been sent.</summary>
    public LedgerEntryState EffectiveState => State == LedgerEntryState.Claimed && !OwnerAlive ? LedgerEntryState.MaybeSent : State;

    public override string ToString() => $"{ClientRef} take {Take}: {EffectiveState}{(RunId is null ? string.Empty : " " + RunId)}";
}
