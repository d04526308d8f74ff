using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>
/// Decides, by documented means only, whether a create that may have been sent made a run. The client_ref filter is
/// used where the server takes it (no page of the docs shows it, so a refusal switches it off for the session); the
/// documented created_at filter always can, over the window from the send (less an allowance for clock skew). A run is
/// this create's when its metadata carries the take's key, else when its client ref and input match; two such runs
/// are reported, never adopted. An empty answer proves absence only when the same answer shows a run known to have been
/// created after the send could still commit (see <see cref="SubmitOptions.CommitWindow"/>): a search index may lag, and
/// waiting on a clock proves nothing.
/// </summary>
internal sealed class CreateOutcomeResolver
{
    /// <summary>The metadata field a create carries its take's key in.</summary>
    public const string MetadataKey = "seedance_take";

    private const int MaxPages = 20;
    private readonly RunflowClient client;
    private readonly CreateLedger ledger;
    private readonly LedgerScope scope;
    private readonly SubmitOptions options;
    private int clientRefFilterRefused;
    private long keysRememberedTicks = -1;

    public CreateOutcomeResolver(RunflowClient client, CreateLedger ledger, LedgerScope scope, SubmitOptions options)
    {
        this.client = client;
        this.ledger = ledger;
        this.scope = scope;
        this.options = options;
    }

    /// <summary>Whether the server refused a client_ref filter (the session stops sending one).</summary>
    public bool ClientRefFilterRefused => Volatile.Read(ref clientRefFilterRefused) == 1;

    public async Task<(ResolveVerdict Verdict, Run? Run, string Reason)> ResolveAsync(LedgerEntry entry, IDictionary<string, object?> input,
        CancellationToken cancellationToken)
    {
        var sentAt = entry.SentAt ?? entry.ClaimedAt;
        if (!ClientRefFilterRefused)
        {
            var byRef = await FindByClientRefAsync(entry.ClientRef, cancellationToken).ConfigureAwait(false);
            if (byRef is not null)
            {
                var matches = Matching(byRef, entry, input, sentAt);
                if (matches.Count == 1)
                {
                    return (ResolveVerdict.Found, matches[0], "found by client_ref");
                }

                if (matches.Count > 1)
                {
                    return Ambiguous(matches);
                }
            }
        }

        var window = await RunsCreatedSinceAsync(sentAt - options.ClockSkew, cancellationToken).ConfigureAwait(false);
        var inWindow = Matching(window.Runs, entry, input, sentAt);
        if (inWindow.Count == 1)
        {
            return (ResolveVerdict.Found, inWindow[0], "found by created_at");
        }

        if (inWindow.Count > 1)
        {
            return Ambiguous(inWindow);
        }

        if (!window.Complete)
        {
            return (ResolveVerdict.Undecided, null, $"more runs were created since the send than {MaxPages} pages of search hold");
        }

        var proof = EvidenceOfCatchUp(window.Runs, sentAt);
        if (proof is not null)
        {
            return (ResolveVerdict.Absent, null, $"the search shows run {proof} (created after the send could have committed) and no run of this create");
        }

        // The key's first request may still be in flight within the commit window, where no replay is promised.
        if (client.Clock.UtcNow - sentAt >= options.CommitWindow && await RemembersKeysAsync(entry, sentAt, cancellationToken).ConfigureAwait(false) is { } witness)
        {
            return (ResolveVerdict.SafeToResend, null,
                $"the server remembers Idempotency-Keys (a create with run {witness}'s older key and another body was refused with 409 CONFLICT)");
        }

        var known = window.Runs.Select(run => ledger.FindByRunId(run.Id)).Where(found => found is not null).ToList();
        var latest = known.Count == 0 ? "none" : known.Max(found => found!.SentAt ?? found.ClaimedAt).ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        return (ResolveVerdict.Undecided, null,
            $"the search shows no run known to have been created {options.CommitWindow.TotalSeconds:0.#} s or more after the send, so its silence proves nothing yet ({window.Runs.Count} run(s) since the send at {sentAt:HH:mm:ss.fff}, {known.Count} of them in the ledger, the latest sent at {latest})");
    }

    /// <summary>
    /// Whether the server is seen to remember Idempotency-Keys on this route for at least as long as the lost create's
    /// key has existed: a create is sent under the key of an older take whose run we know, with a body that no route can
    /// accept (input null). A server that remembers the key answers 409 CONFLICT (the documented answer to a key reused
    /// with another body) or replays that run; one that ignores keys rejects the body (4xx), and nothing is made either
    /// way. Returns the witness run's id, or null when the server was not seen to remember.
    /// </summary>
    private async Task<string?> RemembersKeysAsync(LedgerEntry lost, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var needed = client.Clock.UtcNow - sentAt;
        if (Interlocked.Read(ref keysRememberedTicks) >= needed.Ticks)
        {
            return "seen earlier";
        }

        var witness = ledger.List(scope)
            .Where(known => known.RunId is not null && known.EntryId != lost.EntryId && known.Model == lost.Model && known.ClaimedAt <= sentAt)
            .OrderByDescending(known => known.ClaimedAt)
            .FirstOrDefault();
        if (witness is null)
        {
            return null;
        }

        var body = PlainJson.SerializeToUtf8(new Dictionary<string, object?> { ["input"] = null, ["client_ref"] = witness.ClientRef });
        var path = "v1/models/" + RunflowClient.EncodeModelPath(witness.Model) + "/runs";
        var probe = await client.SendCreateOnceAsync(path, body, witness.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        var remembered = probe.Failure is RunflowApiException { StatusCode: 409 } || probe.Run?.Id == witness.RunId;
        if (!remembered)
        {
            return null;
        }

        var age = (client.Clock.UtcNow - witness.ClaimedAt).Ticks;
        long seen;
        while ((seen = Interlocked.Read(ref keysRememberedTicks)) < age && Interlocked.CompareExchange(ref keysRememberedTicks, age, seen) != seen)
        {
        }

        return witness.RunId;
    }

    /// <summary>The runs the server finds by client_ref, or null once it has refused that filter (for the session).</summary>
    internal async Task<IReadOnlyList<Run>?> FindByClientRefAsync(string clientRef, CancellationToken cancellationToken)
    {
        try
        {
            return await client.FindRunsByClientRefAsync(clientRef, cancellationToken).ConfigureAwait(false);
        }
        catch (RunflowApiException refused) when (refused.StatusCode is 400 or 422 or 501)
        {
            Interlocked.Exchange(ref clientRefFilterRefused, 1);
            return null;
        }
    }

    /// <summary>
    /// Finds the runs a lost batch create made, item by item: by client_ref where the server takes the filter, else in
    /// one created_at window shared by the items, matching the batch's key in the metadata and then each item's client
    /// ref or input. Null for an item not found (absence is not proven here: the batch route's documented
    /// Idempotency-Key replay is what makes its resend safe).
    /// </summary>
    public async Task<Run?[]> FindBatchRunsAsync(IReadOnlyList<(LedgerEntry Entry, IDictionary<string, object?> Input)> items, string batchKey,
        CancellationToken cancellationToken)
    {
        var found = new Run?[items.Count];
        var sentAt = items.Min(item => item.Entry.SentAt ?? item.Entry.ClaimedAt);
        for (var index = 0; index < items.Count && !ClientRefFilterRefused; index++)
        {
            var byRef = await FindByClientRefAsync(items[index].Entry.ClientRef, cancellationToken).ConfigureAwait(false);
            var matches = byRef is null ? new List<Run>() : OfBatch(byRef, batchKey, items[index].Input);
            found[index] = matches.Count == 1 ? matches[0] : null;
        }

        if (found.Any(run => run is null))
        {
            var window = await RunsCreatedSinceAsync(sentAt - options.ClockSkew, cancellationToken).ConfigureAwait(false);
            for (var index = 0; index < items.Count; index++)
            {
                if (found[index] is null)
                {
                    var matches = OfBatch(window.Runs.Where(run => run.ClientRef is null || run.ClientRef == items[index].Entry.ClientRef), batchKey, items[index].Input);
                    found[index] = matches.Count == 1 ? matches[0] : null;
                }
            }
        }

        return found;
    }

    private static List<Run> OfBatch(IEnumerable<Run> candidates, string batchKey, IDictionary<string, object?> input) => candidates
        .Where(run => run.Metadata is { } metadata && metadata.TryGetValue(BatchSubmission.MetadataKey, out var key)
            && string.Equals(key as string, batchKey, StringComparison.Ordinal) && RunflowClient.InputMatches(input, run.Input))
        .GroupBy(run => run.Id, StringComparer.Ordinal).Select(group => group.First())
        .ToList();

    private async Task<(List<Run> Runs, bool Complete)> RunsCreatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var runs = new List<Run>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var answer = await client.SearchRunsAsync(new RunSearchRequest
            {
                Query = RunQuery.CreatedSince(since),
                Limit = RunflowClient.MaxSearchLimit,
                SortBy = "created_at:asc",
                Cursor = cursor,
            }, cancellationToken).ConfigureAwait(false);
            runs.AddRange(answer.Items);
            cursor = answer.NextCursor;
            if (cursor is null || answer.Items.Count == 0)
            {
                return (runs, true);
            }
        }

        return (runs, false);
    }

    private List<Run> Matching(IEnumerable<Run> candidates, LedgerEntry entry, IDictionary<string, object?> input, DateTimeOffset sentAt)
    {
        var list = candidates.GroupBy(run => run.Id, StringComparer.Ordinal).Select(group => group.First()).ToList();
        var byKey = list.Where(run => run.Metadata is { } metadata && metadata.TryGetValue(MetadataKey, out var key)
            && string.Equals(key as string, entry.IdempotencyKey, StringComparison.Ordinal)).ToList();
        if (byKey.Count > 0)
        {
            return byKey;
        }

        // Without the key in its metadata (a server that does not echo it), a run is this create's only when nothing
        // says otherwise: its client ref and input, and no other ledger entry claims it.
        return list.Where(run => string.Equals(run.ClientRef, entry.ClientRef, StringComparison.Ordinal)
                && !(run.Metadata is { } metadata && metadata.ContainsKey(MetadataKey))
                && (run.CreatedAt is not { } created || created >= sentAt - options.ClockSkew)
                && RunflowClient.InputMatches(input, run.Input)
                && IsUnclaimedOrOurs(run, entry))
            .ToList();
    }

    private bool IsUnclaimedOrOurs(Run run, LedgerEntry entry) =>
        ledger.FindByRunId(run.Id) is not { } owner || owner.EntryId == entry.EntryId;

    /// <summary>A run in the answer known to have been created after this create could still have committed: one of
    /// the ledger's whose create was sent a commit window after this send, or one whose created_at says so.</summary>
    private string? EvidenceOfCatchUp(IReadOnlyList<Run> window, DateTimeOffset sentAt)
    {
        var after = sentAt + options.CommitWindow;
        foreach (var run in window)
        {
            if (run.CreatedAt is { } created && created >= after + options.ClockSkew)
            {
                return run.Id;
            }

            if (ledger.FindByRunId(run.Id) is { } known && (known.SentAt ?? known.ClaimedAt) >= after)
            {
                return run.Id;
            }
        }

        return null;
    }

    private static (ResolveVerdict, Run?, string) Ambiguous(List<Run> matches) =>
        (ResolveVerdict.Ambiguous, null, $"{matches.Count} runs could be this create's ({string.Join(", ", matches.Take(5).Select(run => run.Id))}); none was adopted");
}
