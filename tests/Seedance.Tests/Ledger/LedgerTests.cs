using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Seedance.Engine;
using Seedance.Engine.Ledger;
using Seedance.Engine.Submission;
using Xunit;

namespace Seedance.Tests.Ledger;

/// <summary>The ledger's file: durable across sessions, torn records skipped, owners told alive from gone.</summary>
public sealed class LedgerTests : IDisposable
{
    private static readonly LedgerScope Scope = new("http://127.0.0.1:8787", LedgerScope.Fingerprint("rf_live_a"), null);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-ledger-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
    }

    private static LedgerClaimRequest Claim(string digest = "d1") => new("bytedance/seedance/2.0/text-to-video", digest, "{\"prompt\":\"p\"}", 1.5m, null);

    private static Run RunWith(string id, string status) => Run.Parse($"{{\"id\":\"{id}\",\"status_code\":\"{status}\",\"org_id\":\"org-1\",\"cost\":\"1.21\"}}");

    [Fact]
    public void A_second_session_over_the_same_folder_sees_the_first_ones_run_and_follows_it()
    {
        using (var first = CreateLedger.Open(directory))
        {
            var claim = first.Claim(Scope, "row-1", _ => Claim());
            Assert.NotNull(claim.Claimed);
            first.RecordCreated(claim.Claimed!, RunWith("run-1", "queued"));
        }

        using var second = CreateLedger.Open(directory);
        var seen = second.Claim(Scope, "row-1", takes => RerunRule.Decide(takes, "d1", false).Action == RerunAction.NewTake ? Claim() : null);

        Assert.Null(seen.Claimed);
        var entry = Assert.Single(seen.Earlier);
        Assert.Equal("run-1", entry.RunId);
        Assert.Equal(LedgerEntryState.Created, entry.EffectiveState);
        Assert.Equal("org-1", entry.RunOrganizationId);
        Assert.Equal(RerunAction.Follow, RerunRule.Decide(seen.Earlier, "d1", false).Action);
    }

    [Fact]
    public void A_torn_last_record_is_skipped_with_a_warning_and_the_next_record_starts_a_line_of_its_own()
    {
        using (var first = CreateLedger.Open(directory))
        {
            var claim = first.Claim(Scope, "row-1", _ => Claim());
            first.RecordCreated(claim.Claimed!, RunWith("run-1", "queued"));
        }

        // A kill -9 in the middle of an append leaves half a line.
        File.AppendAllText(Path.Combine(directory, "ledger.jsonl"), "{\"v\":1,\"kind\":\"claim\",\"entry\":\"torn");

        using (var second = CreateLedger.Open(directory))
        {
            var entries = second.List(Scope);
            Assert.Equal("run-1", Assert.Single(entries).RunId);
            Assert.Contains(second.TakeWarnings(), warning => warning.Contains("torn record"));
            second.Claim(Scope, "row-2", _ => Claim("d2"));
        }

        using var third = CreateLedger.Open(directory);
        Assert.Equal(new[] { "row-1", "row-2" }, third.List(Scope).Select(entry => entry.ClientRef).ToArray());
        Assert.Contains(third.TakeWarnings(), warning => warning.Contains("could not be read"));
    }

    [Fact]
    public void A_claim_of_a_live_session_is_waited_for_and_one_whose_session_is_gone_counts_as_maybe_sent()
    {
        var owner = CreateLedger.Open(directory);
        owner.Claim(Scope, "row-1", _ => Claim());
        using var other = CreateLedger.Open(directory);

        var whileAlive = other.List(Scope).Single();
        Assert.Equal(LedgerEntryState.Claimed, whileAlive.EffectiveState);
        Assert.Equal(RerunAction.WaitForOwner, RerunRule.Decide(new[] { whileAlive }, "d1", false).Action);

        owner.Dispose();
        var afterDeath = other.List(Scope).Single();
        Assert.Equal(LedgerEntryState.MaybeSent, afterDeath.EffectiveState);
        Assert.Equal(RerunAction.Resolve, RerunRule.Decide(new[] { afterDeath }, "d1", false).Action);
    }

    [Fact]
    public void Takes_are_numbered_and_each_has_its_own_derived_key()
    {
        using var ledger = CreateLedger.Open(directory);
        var first = ledger.Claim(Scope, "row-1", _ => Claim()).Claimed!;
        ledger.RecordCreated(first, RunWith("run-1", "queued"));
        ledger.RecordFinished(RunWith("run-1", "failed"));
        var second = ledger.Claim(Scope, "row-1", takes => RerunRule.Decide(takes, "d1", false).Action == RerunAction.NewTake ? Claim() : null).Claimed!;

        Assert.Equal(1, first.Take);
        Assert.Equal(2, second.Take);
        Assert.NotEqual(first.IdempotencyKey, second.IdempotencyKey);
        Assert.Equal(IdempotencyKeys.ForTake(Scope, first.Model, "d1", "row-1", 1), first.IdempotencyKey);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", second.IdempotencyKey);
    }

    [Fact]
    public void Another_account_on_the_same_server_does_not_see_the_entries_but_the_same_organization_does()
    {
        using var ledger = CreateLedger.Open(directory);
        var entry = ledger.Claim(Scope, "row-1", _ => Claim()).Claimed!;
        ledger.RecordCreated(entry, RunWith("run-1", "queued"));

        var otherKey = new LedgerScope(Scope.Server, LedgerScope.Fingerprint("rf_live_b"), null);
        var sameOrganization = new LedgerScope(Scope.Server, LedgerScope.Fingerprint("rf_live_b"), "org-1");
        var otherServer = new LedgerScope("https://api.runflow.io:443", Scope.KeyFingerprint, null);

        Assert.Empty(ledger.List(otherKey));
        Assert.Single(ledger.List(sameOrganization));
        Assert.Empty(ledger.List(otherServer));
    }

    [Fact]
    public void Forgotten_entries_are_gone_for_every_session()
    {
        using (var ledger = CreateLedger.Open(directory))
        {
            ledger.Claim(Scope, "row-1", _ => Claim());
            ledger.Forget(ledger.List(Scope));
            Assert.Empty(ledger.List(Scope));
        }

        using var again = CreateLedger.Open(directory);
        Assert.Empty(again.List(Scope));
        Assert.NotNull(again.Claim(Scope, "row-1", takes => takes.Count == 0 ? Claim() : null).Claimed);
    }

    [Fact]
    public void The_ledger_folder_and_file_are_readable_by_their_user_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var ledger = CreateLedger.Open(directory);
        ledger.Claim(Scope, "row-1", _ => Claim());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "ledger.jsonl")));
    }

    [Fact]
    public void The_default_folder_is_the_variable_then_the_users_data_folder()
    {
        Assert.Equal("/srv/shared/ledger", CreateLedger.DefaultDirectory(name => name == CreateLedger.PathVariable ? "/srv/shared/ledger" : null));
        Assert.Equal(Path.Combine("/data", "seedance", "ledger"), CreateLedger.DefaultDirectory(name => name == "XDG_DATA_HOME" ? "/data" : null));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(Path.Combine("/home/u", ".local", "share", "seedance", "ledger"),
                CreateLedger.DefaultDirectory(name => name == "HOME" ? "/home/u" : null));
        }
    }

    [Theory]
    [InlineData("{\"duration\":10,\"prompt\":\"a\"}", "{\"prompt\":\"a\",\"duration\":\"10\"}")]
    [InlineData("{\"generate_audio\":true,\"seed\":null}", "{\"generate_audio\":\"true\"}")]
    [InlineData("{\"duration\":10.0}", "{\"duration\":\"10\"}")]
    public void Inputs_written_differently_have_one_digest(string left, string right)
    {
        Assert.Equal(InputDigest.Of(Parse(left)), InputDigest.Of(Parse(right)));
    }

    [Fact]
    public void Inputs_that_differ_have_different_digests()
    {
        Assert.NotEqual(InputDigest.Of(Parse("{\"duration\":\"10\"}")), InputDigest.Of(Parse("{\"duration\":\"11\"}")));
        Assert.NotEqual(InputDigest.Of(Parse("{\"prompt\":\"a\"}")), InputDigest.Of(Parse("{\"prompt\":\"b\"}")));
    }

    private static IDictionary<string, object?> Parse(string json) => Run.Parse("{\"id\":\"x\",\"input\":" + json + "}").Input;
}
