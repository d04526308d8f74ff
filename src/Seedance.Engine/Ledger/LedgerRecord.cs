using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Seedance.Engine.Ledger;

/// <summary>One line of the ledger file: a claim, or a later fact about a claimed entry.</summary>
internal static class LedgerRecord
{
    public const string Claim = "claim";
    public const string Sent = "sent";
    public const string Created = "created";
    public const string NotCreated = "not_created";
    public const string MaybeSent = "maybe_sent";
    public const string Finished = "finished";
    public const string Destination = "destination";
    public const string Forget = "forget";

    public static string ForClaim(LedgerEntry entry) => Write(new Dictionary<string, object?>
    {
        ["v"] = 1,
        ["kind"] = Claim,
        ["entry"] = entry.EntryId,
        ["at"] = Time(entry.ClaimedAt),
        ["owner"] = entry.Owner,
        ["server"] = entry.Scope.Server,
        ["key"] = entry.Scope.KeyFingerprint,
        ["org"] = entry.Scope.OrganizationId,
        ["client_ref"] = entry.ClientRef,
        ["model"] = entry.Model,
        ["digest"] = entry.InputDigest,
        ["input"] = entry.InputJson,
        ["idempotency_key"] = entry.IdempotencyKey,
        ["take"] = entry.Take,
        ["estimate"] = entry.EstimatedUsd,
        ["destination"] = entry.Destination,
    });

    public static string ForFact(string kind, string entryId, DateTimeOffset at, IDictionary<string, object?>? fields = null)
    {
        var record = new Dictionary<string, object?> { ["v"] = 1, ["kind"] = kind, ["entry"] = entryId, ["at"] = Time(at) };
        if (fields is not null)
        {
            foreach (var pair in fields)
            {
                record[pair.Key] = pair.Value;
            }
        }

        return Write(record);
    }

    /// <summary>Applies one line to the entries; false when the line is not a record this version can read.</summary>
    public static bool Apply(string line, IDictionary<string, LedgerEntry> entries)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            var kind = JsonValues.String(root, "kind");
            var entryId = JsonValues.String(root, "entry");
            var at = JsonValues.Time(root, "at");
            if (kind is null || entryId is null || at is null)
            {
                return false;
            }

            if (kind == Claim)
            {
                var entry = ReadClaim(root, entryId, at.Value);
                if (entry is null)
                {
                    return false;
                }

                entries[entryId] = entry;
                return true;
            }

            if (!entries.TryGetValue(entryId, out var known))
            {
                // A fact about an entry whose claim was torn or forgotten: nothing to apply it to.
                return true;
            }

            ApplyFact(kind, root, known, at.Value);
            return true;
        }
    }

    private static LedgerEntry? ReadClaim(JsonElement root, string entryId, DateTimeOffset at)
    {
        var server = JsonValues.String(root, "server");
        var key = JsonValues.String(root, "key");
        var clientRef = JsonValues.String(root, "client_ref");
        var model = JsonValues.String(root, "model");
        var digest = JsonValues.String(root, "digest");
        var idempotencyKey = JsonValues.String(root, "idempotency_key");
        var owner = JsonValues.String(root, "owner");
        var take = JsonValues.Int(root, "take");
        if (server is null || key is null || clientRef is null || model is null || digest is null || idempotencyKey is null || owner is null
            || take is null)
        {
            return null;
        }

        return new LedgerEntry(entryId, new LedgerScope(server, key, JsonValues.String(root, "org")), clientRef, model, digest,
            JsonValues.String(root, "input") ?? "{}", idempotencyKey, take.Value, owner, at)
        {
            State = LedgerEntryState.Claimed,
            EstimatedUsd = JsonValues.Decimal(root, "estimate"),
            Destination = JsonValues.String(root, "destination"),
        };
    }

    private static void ApplyFact(string kind, JsonElement root, LedgerEntry entry, DateTimeOffset at)
    {
        entry.UpdatedAt = at;
        switch (kind)
        {
            case Sent:
                entry.SentAt = at;
                break;
            case Created:
                entry.State = entry.State == LedgerEntryState.Finished ? entry.State : LedgerEntryState.Created;
                entry.RunId = JsonValues.String(root, "run_id") ?? entry.RunId;
                entry.RunOrganizationId = JsonValues.String(root, "org") ?? entry.RunOrganizationId;
                entry.Status = entry.State == LedgerEntryState.Finished ? entry.Status : JsonValues.String(root, "status") ?? entry.Status;
                break;
            case NotCreated:
                entry.State = LedgerEntryState.NotCreated;
                entry.Note = JsonValues.String(root, "reason");
                break;
            case MaybeSent:
                entry.State = LedgerEntryState.MaybeSent;
                entry.Note = JsonValues.String(root, "reason");
                break;
            case Finished:
                entry.State = LedgerEntryState.Finished;
                entry.RunId = JsonValues.String(root, "run_id") ?? entry.RunId;
                entry.Status = JsonValues.String(root, "status") ?? entry.Status;
                entry.ActualUsd = JsonValues.Decimal(root, "cost") ?? entry.ActualUsd;
                break;
            case Destination:
                entry.Destination = JsonValues.String(root, "path") ?? entry.Destination;
                break;
            case Forget:
                entry.Forgotten = true;
                break;
        }
    }

    private static string Write(Dictionary<string, object?> record) => PlainJson.Serialize(record);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
