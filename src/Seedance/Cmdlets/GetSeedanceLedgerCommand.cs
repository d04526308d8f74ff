using System;
using System.Linq;
using System.Management.Automation;
using Seedance.Engine.Ledger;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>Get-SeedanceLedger: what this account's ledger of paid creates holds — each take, when it was claimed, its
/// run, and its estimated and actual cost.</summary>
[Cmdlet(VerbsCommon.Get, "SeedanceLedger")]
[OutputType(typeof(LedgerEntry))]
public sealed class GetSeedanceLedgerCommand : SeedanceApiCmdlet
{
    /// <summary>Only entries whose client ref matches (wildcards allowed).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string? ClientRef { get; set; }

    /// <summary>Only entries in these states (MaybeSent, Created, Finished, ...).</summary>
    [Parameter]
    public LedgerEntryState[]? State { get; set; }

    /// <summary>Only entries claimed at or after this time.</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Entries of every account and server in the ledger folder, not only the session's.</summary>
    [Parameter]
    public SwitchParameter AllAccounts { get; set; }

    protected override void EndProcessing()
    {
        var session = ResolveSession();
        var ledger = session.Ledger;
        var pattern = ClientRef is null ? null : WildcardPattern.Get(ClientRef, WildcardOptions.IgnoreCase);
        var entries = ledger.List(AllAccounts.IsPresent ? null : LedgerScope.For(session.Client.Options))
            .Where(entry => pattern is null || pattern.IsMatch(entry.ClientRef))
            .Where(entry => State is null || State.Contains(entry.EffectiveState))
            .Where(entry => Since is null || entry.ClaimedAt >= new DateTimeOffset(Since.Value.ToUniversalTime()));
        foreach (var warning in ledger.TakeWarnings())
        {
            WriteWarning(warning);
        }

        WriteVerbose($"Ledger: {ledger.Directory}");
        foreach (var entry in entries)
        {
            WriteObject(entry);
        }
    }
}
