using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>The <see cref="RerunRule"/>'s answer for one row.</summary>
public sealed class RerunDecision
{
    public RerunDecision(RerunAction action, LedgerEntry? entry, string? reason = null)
    {
        Action = action;
        Entry = entry;
        Reason = reason;
    }

    public RerunAction Action { get; }

    /// <summary>The ledger's last take of the client ref the action is about (null for a first take).</summary>
    public LedgerEntry? Entry { get; }

    /// <summary>Why, when the action is <see cref="RerunAction.Refuse"/>.</summary>
    public string? Reason { get; }

    public override string ToString() => Action + (Entry is null ? string.Empty : " " + Entry);
}
