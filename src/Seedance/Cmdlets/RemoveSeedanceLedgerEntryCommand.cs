using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Seedance.Engine.Ledger;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>Remove-SeedanceLedgerEntry: forgets ledger entries, so that the next create of their client refs starts from
/// nothing. A forgotten take whose run exists can be paid for again: the cmdlet asks first.</summary>
[Cmdlet(VerbsCommon.Remove, "SeedanceLedgerEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = EntrySet)]
public sealed class RemoveSeedanceLedgerEntryCommand : SeedanceApiCmdlet
{
    private const string EntrySet = "Entry";
    private const string ClientRefSet = "ClientRef";
    private readonly List<LedgerEntry> forgotten = new();

    /// <summary>Entries from Get-SeedanceLedger.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = EntrySet)]
    public LedgerEntry[] InputObject { get; set; } = System.Array.Empty<LedgerEntry>();

    /// <summary>Every take of this client ref (no wildcards), in the session's account.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ClientRefSet)]
    public string ClientRef { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        var entries = ParameterSetName == ClientRefSet
            ? ResolveSession().Ledger.List(LedgerScope.For(ResolveSession().Client.Options)).Where(entry => entry.ClientRef == ClientRef).ToList()
            : InputObject.ToList();
        if (entries.Count == 0 && ParameterSetName == ClientRefSet)
        {
            WriteError(ErrorRecords.InvalidInput("Seedance.LedgerEntryNotFound", $"The ledger has no entry for client ref '{ClientRef}'.", ClientRef,
                category: ErrorCategory.ObjectNotFound));
        }

        foreach (var entry in entries)
        {
            var what = $"client ref '{entry.ClientRef}' take {entry.Take} ({entry.EffectiveState}{(entry.RunId is null ? string.Empty : ", run " + entry.RunId)})";
            if (ShouldProcess(what, "Forget the ledger entry (a later create of this client ref will not know it was paid for)"))
            {
                forgotten.Add(entry);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (forgotten.Count > 0)
        {
            ResolveSession().Ledger.Forget(forgotten);
            WriteVerbose($"Forgot {forgotten.Count} ledger entr{(forgotten.Count == 1 ? "y" : "ies")}.");
        }
    }
}
