using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// Reads every run created since a moment with one paged search, <c>GET /v1/runs?q=created_at&gt;=T&amp;sort_by=created_at:desc</c>:
/// <c>created_at</c> is one of the two filters the docs show (runflow-api.md §5), so this works on servers that take no
/// <c>id:</c> lists or <c>client_ref:</c> terms (§12). Every status comes back, so a status nobody listed is seen as it is
/// and progress can count queued and running runs; the projection keeps each item small, and a page holds 500 runs, so
/// a poll costs one request for any number of runs up to that.
/// </summary>
internal sealed class CreatedSinceSearch
{
    // Only names the API reference gives for the run object: a strict server may refuse an unknown field, and that would
    // switch searches off. (failure_stage, the errors page's name, is still read wherever a server sends it.)
    private static readonly string[] Fields =
    {
        "id", "status_code", "output", "failure_code", "failure_message", "failure_stage_code", "cost",
        "duration_ms", "created_at", "completed_at", "started_at", "client_ref",
    };

    // A pipeline with more runs than this in its window reads the rest by id (the safety net), rather than page for ever
    // through a server that ignores the filter.
    private const int MaxPages = 20;

    // The window starts this long before the oldest pending run's created_at: a server's index may stamp a run a little
    // differently from the create answer (and the filter is written to the millisecond), and a few extra runs cost nothing.
    private static readonly TimeSpan WindowMargin = TimeSpan.FromSeconds(2);

    // One instance: options cache what they learn per instance, so a new one per overlay paid that again for every run.
    private static readonly JsonSerializerOptions OverlayWriting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly RunflowClient client;

    public CreatedSinceSearch(RunflowClient client)
    {
        this.client = client;
    }

    /// <summary>The runs of <paramref name="followed"/> (id and the status each had) created since shortly before
    /// <paramref name="oldestCreated"/>, by id (newest first wins a duplicate). Items of other runs are left unread, and
    /// an item in the status its run had is read no further than status and times (<see cref="Run.Unchanged"/>).</summary>
    public async Task<Dictionary<string, Run>> ReadAsync(DateTimeOffset oldestCreated, IReadOnlyDictionary<string, RunStatus> followed,
        CancellationToken cancellationToken)
    {
        var runs = new Dictionary<string, Run>(StringComparer.Ordinal);
        await ReadWindowAsync(client, oldestCreated, Fields, MaxPages, (item, id) =>
        {
            if (!runs.ContainsKey(id) && followed.TryGetValue(id, out var known))
            {
                runs[id] = Run.Unchanged(item, id, known) ?? Run.FromElement(item);
            }
        }, () => false, cancellationToken).ConfigureAwait(false);
        return runs;
    }

    /// <summary>
    /// The one way through a window of runs: pages of <c>created_at&gt;=T</c> newest first (T a margin before
    /// <paramref name="from"/>), each item given to <paramref name="visit"/> with its id, until the window's last page, a
    /// run older than T (a server that ignored the filter has nothing newer left), a cursor already followed (a server
    /// that hands one back would otherwise be paged for ever), <paramref name="enough"/> or <paramref name="maxPages"/>.
    /// <paramref name="fields"/> is the projection (null: whole runs).
    /// </summary>
    internal static async Task ReadWindowAsync(RunflowClient client, DateTimeOffset from, IList<string>? fields, int maxPages,
        Action<JsonElement, string> visit, Func<bool> enough, CancellationToken cancellationToken)
    {
        var since = from - WindowMargin;
        var seenCursors = new HashSet<string>(StringComparer.Ordinal);
        var request = new RunSearchRequest
        {
            Query = RunQuery.CreatedSince(since),
            SortBy = "created_at:desc",
            Limit = RunflowClient.MaxSearchLimit,
            Fields = fields,
        };
        for (var page = 0; page < maxPages && !enough(); page++)
        {
            var older = false;
            var result = await client.SearchRunsAsync(request, item =>
            {
                var id = Run.IdOf(item);
                older |= JsonValues.Time(item, "created_at") is { } created && created < since;
                visit(item, id);
                return null;
            }, cancellationToken).ConfigureAwait(false);

            if (older || result.NextCursor is not { Length: > 0 } next || !seenCursors.Add(next))
            {
                return;
            }

            request = request.Clone();
            request.Cursor = next;
        }
    }

    /// <summary>The run as a caller needs it: the whole object known before with every field the search sent laid over it
    /// (status, output, failure, cost, times); a server that ignored the projection sent everything.</summary>
    public static Run Overlay(Run? whole, Run seen)
    {
        if (whole is null)
        {
            return seen;
        }

        var merged = JsonNode.Parse(whole.RawUtf8) as JsonObject;
        if (merged is null || JsonNode.Parse(seen.RawUtf8) is not JsonObject fresh)
        {
            return seen;
        }

        foreach (var property in new List<KeyValuePair<string, JsonNode?>>(fresh))
        {
            fresh.Remove(property.Key);
            merged[property.Key] = property.Value;
        }

        return Run.Parse(merged.ToJsonString(OverlayWriting));
    }
}
