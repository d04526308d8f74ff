using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Seedance.Engine.Ledger;

/// <summary>
/// The local, durable record of paid creates: before a create is sent its intent is on disk, and after the answer its
/// run id. It is what lets a re-run, a crashed process's successor or a second process on the same CSV know what was
/// already paid for, whatever the server does with Idempotency-Key. Safe for several processes at once (one lock file,
/// and a liveness lock per session) and for a kill at any moment (append-only, flushed records; a torn last line is
/// skipped with a warning).
/// </summary>
public sealed class CreateLedger : IDisposable
{
    /// <summary>The environment variable that points the ledger elsewhere (for example at a folder machines share).</summary>
    public const string PathVariable = "SEEDANCE_LEDGER_PATH";

    private readonly object gate = new();
    private readonly LedgerFile file;
    private readonly LedgerOwners owners;
    private readonly EngineClock clock;
    private readonly Dictionary<string, LedgerEntry> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> ownerAlive = new(StringComparer.Ordinal);
    private readonly List<string> warnings = new();
    private readonly HashSet<string> inFlight = new(StringComparer.Ordinal);

    private CreateLedger(string directory, EngineClock clock)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        FilePermissions.RestrictToOwner(directory, directory: true);
        file = new LedgerFile(directory);
        owners = new LedgerOwners(directory);
        this.clock = clock;
    }

    public string Directory { get; }

    /// <summary>This session's id in the ledger: claims it makes carry it.</summary>
    public string OwnerId => owners.OwnerId;

    public static CreateLedger Open(string? directory = null, EngineClock? clock = null, Func<string, string?>? getVariable = null) =>
        new(Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? DefaultDirectory(getVariable) : directory!), clock ?? EngineClock.System);

    /// <summary>SEEDANCE_LEDGER_PATH, else the user's data folder: %LOCALAPPDATA%\Seedance\ledger on Windows,
    /// $XDG_DATA_HOME/seedance/ledger (or ~/.local/share/seedance/ledger) elsewhere.</summary>
    public static string DefaultDirectory(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var configured = getVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured!.Trim();
        }

        if (System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Seedance", "ledger");
        }

        var dataHome = getVariable("XDG_DATA_HOME");
        var home = getVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrWhiteSpace(dataHome)
            ? Path.Combine(home, ".local", "share", "seedance", "ledger")
            : Path.Combine(dataHome!, "seedance", "ledger");
    }

    /// <summary>Warnings met while reading (torn records), each handed out once.</summary>
    public IReadOnlyList<string> TakeWarnings()
    {
        lock (gate)
        {
            var taken = warnings.ToList();
            warnings.Clear();
            return taken;
        }
    }

    /// <summary>
    /// Under the ledger's lock: reads the entries of <paramref name="clientRef"/> in <paramref name="scope"/> (oldest take
    /// first), lets <paramref name="decide"/> choose, and when it asks for a new take, records that claim before
    /// returning, so no other process can decide the same at the same time.
    /// </summary>
    public LedgerClaim Claim(LedgerScope scope, string clientRef, Func<IReadOnlyList<LedgerEntry>, LedgerClaimRequest?> decide)
    {
        lock (gate)
        {
            return file.Locked((lines, append) =>
            {
                Apply(lines);
                var known = EntriesOf(scope, clientRef);
                var request = decide(known);
                if (request is null)
                {
                    return new LedgerClaim(known, null);
                }

                var take = known.Count == 0 ? 1 : known.Max(entry => entry.Take) + 1;
                var entryId = Guid.NewGuid().ToString("D");
                var entry = new LedgerEntry(entryId, scope, clientRef, request.Model, request.InputDigest, request.InputJson,
                    IdempotencyKeys.ForTake(scope, request.Model, request.InputDigest, clientRef, take), take, owners.OwnerId, clock.UtcNow)
                {
                    State = LedgerEntryState.Claimed,
                    EstimatedUsd = request.EstimatedUsd,
                    Destination = request.Destination,
                };
                append(LedgerRecord.ForClaim(entry));
                entries[entryId] = entry;
                inFlight.Add(entryId);
                return new LedgerClaim(known, entry);
            }, Warn);
        }
    }

    /// <summary>Marks one of this session's claims as being sent right now. A claim of this session that is not in
    /// flight counts as maybe-sent (an interrupted pipeline's), as a gone owner's does.</summary>
    public void MarkInFlight(LedgerEntry entry, bool sending)
    {
        lock (gate)
        {
            if (sending)
            {
                inFlight.Add(entry.EntryId);
            }
            else
            {
                inFlight.Remove(entry.EntryId);
            }
        }
    }

    public void RecordSent(LedgerEntry entry) => Append(entry, LedgerRecord.Sent, null);

    public void RecordCreated(LedgerEntry entry, Run run) => Append(entry, LedgerRecord.Created, new Dictionary<string, object?>
    {
        ["run_id"] = run.Id,
        ["org"] = run.OrgId,
        ["status"] = run.StatusCode,
    });

    public void RecordNotCreated(LedgerEntry entry, string reason) =>
        Append(entry, LedgerRecord.NotCreated, new Dictionary<string, object?> { ["reason"] = reason });

    public void RecordMaybeSent(LedgerEntry entry, string reason) =>
        Append(entry, LedgerRecord.MaybeSent, new Dictionary<string, object?> { ["reason"] = reason });

    /// <summary>Records a terminal run; a run the ledger has no entry for is ignored.</summary>
    public void RecordFinished(Run run)
    {
        var entry = FindByRunId(run.Id);
        if (entry is not null && (entry.State != LedgerEntryState.Finished || entry.Status != run.StatusCode || entry.ActualUsd != run.Cost))
        {
            Append(entry, LedgerRecord.Finished, new Dictionary<string, object?>
            {
                ["run_id"] = run.Id,
                ["status"] = run.StatusCode,
                ["cost"] = run.Cost,
            });
        }
    }

    public void RecordDestination(string runId, string path)
    {
        var entry = FindByRunId(runId);
        if (entry is not null && entry.Destination != path)
        {
            Append(entry, LedgerRecord.Destination, new Dictionary<string, object?> { ["path"] = path });
        }
    }

    /// <summary>Marks entries as forgotten: a later create for their client ref starts from nothing.</summary>
    public void Forget(IEnumerable<LedgerEntry> forgotten)
    {
        lock (gate)
        {
            var list = forgotten.ToList();
            file.Locked((lines, append) =>
            {
                Apply(lines);
                foreach (var entry in list)
                {
                    append(LedgerRecord.ForFact(LedgerRecord.Forget, entry.EntryId, clock.UtcNow));
                    if (entries.TryGetValue(entry.EntryId, out var known))
                    {
                        known.Forgotten = true;
                    }
                }

                return 0;
            }, Warn);
        }
    }

    /// <summary>Every entry not forgotten (of <paramref name="scope"/>'s account when given), read afresh.</summary>
    public IReadOnlyList<LedgerEntry> List(LedgerScope? scope = null)
    {
        lock (gate)
        {
            Refresh();
            return entries.Values
                .Where(entry => !entry.Forgotten && (scope is null || scope.Covers(entry.Scope, entry.RunOrganizationId)))
                .Select(WithOwnerState)
                .OrderBy(entry => entry.ClaimedAt)
                .ToList();
        }
    }

    public LedgerEntry? FindByRunId(string runId)
    {
        lock (gate)
        {
            return entries.Values.Where(entry => !entry.Forgotten && entry.RunId == runId).OrderByDescending(entry => entry.Take).FirstOrDefault();
        }
    }

    /// <summary>Reads what other processes appended since the last read.</summary>
    public void Refresh()
    {
        lock (gate)
        {
            file.Locked((lines, _) =>
            {
                Apply(lines);
                return 0;
            }, Warn);
        }
    }

    public void Dispose() => owners.Dispose();

    private List<LedgerEntry> EntriesOf(LedgerScope scope, string clientRef) => entries.Values
        .Where(entry => !entry.Forgotten && entry.ClientRef == clientRef && scope.Covers(entry.Scope, entry.RunOrganizationId))
        .Select(WithOwnerState)
        .OrderBy(entry => entry.Take)
        .ToList();

    private LedgerEntry WithOwnerState(LedgerEntry entry)
    {
        if (entry.State == LedgerEntryState.Claimed && entry.Owner == owners.OwnerId)
        {
            entry.OwnerAlive = inFlight.Contains(entry.EntryId);
        }
        else if (entry.State == LedgerEntryState.Claimed)
        {
            if (!ownerAlive.TryGetValue(entry.Owner, out var alive) || alive)
            {
                alive = owners.IsAlive(entry.Owner);
                ownerAlive[entry.Owner] = alive;
            }

            entry.OwnerAlive = alive;
        }

        return entry;
    }

    private void Append(LedgerEntry entry, string kind, IDictionary<string, object?>? fields)
    {
        lock (gate)
        {
            var record = LedgerRecord.ForFact(kind, entry.EntryId, clock.UtcNow, fields);
            file.Locked((lines, append) =>
            {
                Apply(lines);
                append(record);
                return 0;
            }, Warn);

            // The file's read position moved past our own record: it is applied here, not read back.
            LedgerRecord.Apply(record, entries);
        }
    }

    private void Apply(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            if (!LedgerRecord.Apply(line, entries))
            {
                Warn($"A ledger record in {file.RecordsPath} could not be read and was skipped: {Shorten(line)}");
            }
        }
    }

    private void Warn(string message) => warnings.Add(message);

    private static string Shorten(string line) => line.Length > 80 ? line.Substring(0, 77) + "..." : line;
}
