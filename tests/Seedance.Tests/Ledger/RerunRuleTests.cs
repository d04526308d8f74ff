using System;
using System.IO;
using System.Linq;
using Seedance.Engine;
using Seedance.Engine.Ledger;
using Seedance.Engine.Submission;
using Xunit;

namespace Seedance.Tests.Ledger;

/// <summary>The re-run table, row by row.</summary>
public sealed class RerunRuleTests : IDisposable
{
    private static readonly LedgerScope Scope = new("http://127.0.0.1:1", LedgerScope.Fingerprint("k"), null);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-rerun-" + Guid.NewGuid().ToString("N"));
    private readonly CreateLedger ledger;

    public RerunRuleTests()
    {
        ledger = CreateLedger.Open(directory);
    }

    public void Dispose()
    {
        ledger.Dispose();
        Directory.Delete(directory, true);
    }

    private LedgerEntry EntryEndingIn(string? status, string digest = "same")
    {
        var entry = ledger.Claim(Scope, Guid.NewGuid().ToString("N"), _ => new LedgerClaimRequest("m/x", digest, "{\"prompt\":\"old\"}", null, null)).Claimed!;
        ledger.MarkInFlight(entry, false);
        if (status is not null)
        {
            ledger.RecordCreated(entry, Run.Parse("{\"id\":\"r-" + entry.EntryId + "\",\"status_code\":\"queued\"}"));
            if (status != "queued")
            {
                ledger.RecordFinished(Run.Parse("{\"id\":\"r-" + entry.EntryId + "\",\"status_code\":\"" + status + "\"}"));
            }
        }

        return ledger.List(Scope).Single(known => known.EntryId == entry.EntryId);
    }

    [Theory]
    [InlineData("queued", false, RerunAction.Follow)]
    [InlineData("succeeded", false, RerunAction.Reuse)]
    [InlineData("partial_succeeded", false, RerunAction.Reuse)]
    [InlineData("failed", false, RerunAction.NewTake)]
    [InlineData("canceled", false, RerunAction.Refuse)]
    [InlineData("canceled", true, RerunAction.NewTake)]
    [InlineData("expired", false, RerunAction.Refuse)]
    [InlineData("expired", true, RerunAction.NewTake)]
    public void The_last_takes_state_decides(string status, bool newTake, RerunAction expected)
    {
        Assert.Equal(expected, RerunRule.Decide(new[] { EntryEndingIn(status) }, "same", newTake).Action);
    }

    [Fact]
    public void No_take_yet_means_a_first_take()
    {
        Assert.Equal(RerunAction.NewTake, RerunRule.Decide(Array.Empty<LedgerEntry>(), "same", false).Action);
    }

    [Fact]
    public void An_interrupted_claim_of_this_session_is_resolved_first_whatever_the_row_says_now()
    {
        Assert.Equal(RerunAction.Resolve, RerunRule.Decide(new[] { EntryEndingIn(null) }, "other", false).Action);
    }

    [Fact]
    public void A_create_the_server_refused_gets_a_new_take()
    {
        var entry = EntryEndingIn(null);
        ledger.RecordNotCreated(entry, "402");
        Assert.Equal(RerunAction.NewTake, RerunRule.Decide(new[] { entry }, "other", false).Action);
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("queued")]
    public void A_changed_input_is_refused_showing_the_old_one_unless_a_new_take_is_asked_for(string status)
    {
        var entry = EntryEndingIn(status);
        var refused = RerunRule.Decide(new[] { entry }, "changed", false);
        Assert.Equal(RerunAction.Refuse, refused.Action);
        Assert.Contains("{\"prompt\":\"old\"}", refused.Reason);
        Assert.Equal(RerunAction.NewTake, RerunRule.Decide(new[] { entry }, "changed", true).Action);
    }
}
