using System;
using System.Linq;
using Seedance.Engine.Ledger;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>Get-SeedanceLedger shows what was paid for; Remove-SeedanceLedgerEntry forgets, and -WhatIf does not.</summary>
[Collection("Module")]
public sealed class LedgerCmdletTests : ConnectedModule
{
    [Fact]
    public void The_ledger_lists_each_row_with_its_run_state_and_estimated_and_actual_cost()
    {
        Run("""
            1..3 | ForEach-Object { [pscustomobject]@{ client_ref = "ledger-$_"; prompt = "Ledger scene $_"; duration = '4' } } |
                New-SeedanceRun | Wait-SeedanceRun | Out-Null
            """).AssertNoErrors();

        var entries = Run("Get-SeedanceLedger -ClientRef 'ledger-*'").Objects<LedgerEntry>().ToList();

        Assert.Equal(new[] { "ledger-1", "ledger-2", "ledger-3" }, entries.Select(entry => entry.ClientRef).OrderBy(name => name));
        Assert.All(entries, entry =>
        {
            Assert.Equal(LedgerEntryState.Finished, entry.EffectiveState);
            Assert.Equal("succeeded", entry.Status);
            Assert.Equal(1, entry.Take);
            Assert.NotNull(entry.RunId);
            Assert.True(entry.EstimatedUsd > 0);
            Assert.True(entry.ActualUsd > 0);
            Assert.DoesNotContain(Emulator.ApiKey, entry.InputJson);
        });
        Assert.Empty(Run("Get-SeedanceLedger -State MaybeSent").Output);
    }

    [Fact]
    public void WhatIf_forgets_nothing_and_a_forgotten_row_is_created_afresh()
    {
        Run("[pscustomobject]@{ client_ref = 'forget-me'; prompt = 'To be forgotten' } | New-SeedanceRun | Out-Null").AssertNoErrors();

        var preview = Run("Get-SeedanceLedger -ClientRef forget-me | Remove-SeedanceLedgerEntry -WhatIf");
        Assert.Single(Run("Get-SeedanceLedger -ClientRef forget-me").Output);
        Assert.Contains(Shell.Host.Lines, line => line.Contains("forget-me") && line.Contains("What if"));
        preview.AssertNoErrors();

        Run("Remove-SeedanceLedgerEntry -ClientRef forget-me -Confirm:$false").AssertNoErrors();
        Assert.Empty(Run("Get-SeedanceLedger -ClientRef forget-me").Output);
        Run("[pscustomobject]@{ client_ref = 'forget-me'; prompt = 'To be forgotten' } | New-SeedanceRun | Out-Null").AssertNoErrors();

        // The server honours the derived key: the forgotten take's create is replayed, not paid for again.
        Assert.Equal(1, Emulator.GetStats().RunsCreated);
        Assert.Single(Run("Get-SeedanceLedger -ClientRef forget-me").Output);
    }

    [Fact]
    public void Forgetting_a_client_ref_the_ledger_does_not_know_is_an_error_naming_it()
    {
        var result = Run("Remove-SeedanceLedgerEntry -ClientRef never-submitted -Confirm:$false");

        var error = Assert.Single(result.Errors);
        Assert.Equal("Seedance.LedgerEntryNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("never-submitted", error.TargetObject);
    }

    [Fact]
    public void A_typed_run_id_the_api_does_not_know_is_reported_as_not_found_not_as_a_timeout()
    {
        var result = Run("Wait-SeedanceRun -Id 'no-such-run' -Timeout 60");

        var error = Assert.Single(result.Errors);
        Assert.Equal("Seedance.RunNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("no-such-run", error.TargetObject);
        Assert.Empty(result.Output);
    }
}
