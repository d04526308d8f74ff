using System.Collections.Generic;

namespace Seedance.Engine.Ledger;

/// <summary>What <see cref="CreateLedger.Claim"/> found for a client ref, and the new take it recorded, if it made one.</summary>
public sealed class LedgerClaim
{
    internal LedgerClaim(IReadOnlyList<LedgerEntry> earlier, LedgerEntry? claimed)
    {
        Earlier = earlier;
        Claimed = claimed;
    }

    /// <summary>The client ref's entries before this claim, oldest take first.</summary>
    public IReadOnlyList<LedgerEntry> Earlier { get; }

    /// <summary>The new take, recorded before the create is sent; null when nothing is to be created.</summary>
    public LedgerEntry? Claimed { get; }
}
