using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

internal sealed partial class ApiHandler
{
    /// <summary>
    /// <c>GET /v1/runs</c>: <c>q</c> filter, <c>sort_by</c>, <c>limit</c> 1–500 (default 50), <c>pq</c> cursor,
    /// <c>from_prev</c>, <c>fields</c> projection; the envelope is <c>{items, first, next, previous}</c> or, with
    /// <c>--pagination-style next_pq</c>, <c>{items, next_pq, prev_pq}</c>.
    /// </summary>
    private async Task SearchRuns(HttpContext context, string[] segments)
    {
        var limitText = Query(context, "limit");
        var limit = 50;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            await ValidationError(context, "The search is invalid", new[] { ("limit", "limit must be an integer from 1 to 500.", "range") });
            return;
        }

        var fromPreviousText = Query(context, "from_prev");
        if (fromPreviousText is not null && !bool.TryParse(fromPreviousText, out _))
        {
            await ValidationError(context, "The search is invalid", new[] { ("from_prev", "from_prev must be true or false.", "type") });
            return;
        }

        var fromPrevious = fromPreviousText is not null && bool.Parse(fromPreviousText);
        var sortKeys = ParseSort(Query(context, "sort_by"), out var sortProblem);
        if (sortProblem is not null)
        {
            await ValidationError(context, "The search is invalid", new[] { ("sort_by", sortProblem, "format") });
            return;
        }

        RunFilter? filter = null;
        var q = Query(context, "q");
        if (!string.IsNullOrWhiteSpace(q))
        {
            try
            {
                filter = RunFilter.Parse(q, representation.RunFields);
            }
            catch (FormatException exception)
            {
                await Error(context, 400, "INVALID_FILTER", exception.Message, new[] { ("q", exception.Message, "syntax") });
                return;
            }

            if (UnfilterableField(filter) is { } refused)
            {
                await ValidationError(context, "The search is invalid", new[]
                {
                    ("q", $"This server does not filter runs on {refused}; filter on status_code and created_at.", "unsupported_field"),
                });
                return;
            }
        }

        RunCursor? cursor = null;
        var cursorText = Query(context, "pq");
        if (!string.IsNullOrEmpty(cursorText))
        {
            if (!RunCursor.TryDecode(cursorText, out var decoded))
            {
                await Error(context, 400, "INVALID_CURSOR", "pq is not a cursor this server issued.", new[] { ("pq", "unknown cursor", "format") });
                return;
            }

            cursor = decoded;
        }

        var fields = Query(context, "fields")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        JsonArray page;
        RunCursor? next;
        RunCursor? previous;
        lock (state.Gate)
        {
            // Filters and sort keys read only the fields they name; only the runs on the page are rendered and signed.
            // Runs the search index has not caught up with yet are not there for any filter.
            var now = clock.GetUtcNow();
            var matching = state.All()
                .Where(run => windows.IsSearchable(run, now))
                .Select(run => (Run: run, Fields: representation.Fields(run)))
                .Where(pair => filter is null || filter.Matches(pair.Fields))
                .ToList();
            var sorted = Sort(matching, sortKeys);
            var indexById = new Dictionary<string, int>(sorted.Count, StringComparer.Ordinal);
            for (var index = 0; index < sorted.Count; index++)
            {
                indexById[sorted[index].Id] = index;
            }

            var start = Window(cursor, fromPrevious, limit, indexById, sorted.Count);
            var end = Math.Min(sorted.Count, start + limit);
            page = new JsonArray(sorted.Skip(start).Take(end - start)
                .Select(run => (JsonNode)RunRepresentation.Project(representation.Full(run), fields)).ToArray());
            next = end < sorted.Count ? RunCursor.After(sorted[end - 1].Id, end) : null;
            previous = start > 0 ? (start < sorted.Count ? RunCursor.Before(sorted[start].Id, start) : RunCursor.End(start)) : null;
        }

        var response = new JsonObject { ["items"] = page };
        if (options.PaginationStyle == "next_pq")
        {
            response["next_pq"] = next?.Encode();
            response["prev_pq"] = previous?.Encode();
        }
        else
        {
            response["first"] = RunCursor.Start.Encode();
            response["next"] = next?.Encode();
            response["previous"] = previous?.Encode();
        }

        await Json(context, 200, response);
    }

    /// <summary>The first field the filter names that this server is told not to filter on (<c>--no-client-ref-filter</c>,
    /// <c>--no-id-filter</c>), or null.</summary>
    private string? UnfilterableField(RunFilter filter)
    {
        if (options.NoClientRefFilter && filter.Fields.Contains("client_ref"))
        {
            return "client_ref";
        }

        return options.NoIdFilter && filter.Fields.Contains("id") ? "id" : null;
    }

    /// <summary>Where the page starts: forward from a next cursor's gap, backward from a previous cursor's gap (or from
    /// any gap with from_prev=true), the first page without a cursor, the last page for from_prev=true alone.</summary>
    private static int Window(RunCursor? cursor, bool fromPrevious, int limit, IReadOnlyDictionary<string, int> indexById, int count)
    {
        var forward = cursor?.Forward ?? true;
        if (fromPrevious)
        {
            forward = false;
        }

        var gap = cursor?.Gap(indexById, count) ?? (forward ? 0 : count);
        return forward ? gap : Math.Max(0, gap - limit);
    }

    private static List<(string Field, bool Descending)> ParseSort(string? sortBy, out string? problem)
    {
        problem = null;
        var keys = new List<(string, bool)>();
        foreach (var key in (string.IsNullOrWhiteSpace(sortBy) ? "created_at:desc" : sortBy)
                     .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = key.Split(':');
            var direction = parts.Length > 1 ? parts[1].ToLowerInvariant() : "asc";
            if (parts.Length > 2 || parts[0].Length == 0 || !parts[0].All(character => char.IsAsciiLetterOrDigit(character) || character is '_' or '.')
                || direction is not ("asc" or "desc"))
            {
                problem = $"sort_by takes field:asc or field:desc keys separated by commas, not '{key}'.";
                return keys;
            }

            keys.Add((parts[0], direction == "desc"));
        }

        return keys;
    }

    /// <summary>Sorts by the requested keys; created_at follows creation order exactly (timestamps can tie within a
    /// millisecond), and creation order breaks every other tie, so pages never overlap or skip.</summary>
    private static List<EmulatedRun> Sort(List<(EmulatedRun Run, Func<string, JsonNode?> Fields)> runs, List<(string Field, bool Descending)> keys)
    {
        IOrderedEnumerable<(EmulatedRun Run, Func<string, JsonNode?> Fields)>? ordered = null;
        var lastDescending = true;
        foreach (var (field, descending) in keys)
        {
            lastDescending = descending;
            if (field == "created_at")
            {
                ordered = Then(ordered, runs, run => run.Run.Sequence, Comparer<long>.Default, descending);
            }
            else
            {
                // Key selectors run once per run, so each run's value is read once, not once per comparison.
                ordered = Then(ordered, runs, run => Lookup(run.Fields, field), Comparer<JsonNode?>.Create(CompareValues), descending);
            }
        }

        var result = ordered is null ? runs.OrderByDescending(run => run.Run.Sequence)
            : lastDescending ? ordered.ThenByDescending(run => run.Run.Sequence) : ordered.ThenBy(run => run.Run.Sequence);
        return result.Select(run => run.Run).ToList();
    }

    private static IOrderedEnumerable<T> Then<T, TKey>(IOrderedEnumerable<T>? ordered, IEnumerable<T> source, Func<T, TKey> key, IComparer<TKey> comparer, bool descending) =>
        ordered is null
            ? descending ? source.OrderByDescending(key, comparer) : source.OrderBy(key, comparer)
            : descending ? ordered.ThenByDescending(key, comparer) : ordered.ThenBy(key, comparer);

    private static JsonNode? Lookup(Func<string, JsonNode?> fields, string path)
    {
        var parts = path.Split('.');
        var node = fields(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            node = node is JsonObject json && json.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>Nulls first, numbers by value, timestamps by time, other strings ordinally.</summary>
    private static int CompareValues(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
        {
            return (left is null ? 0 : 1) - (right is null ? 0 : 1);
        }

        if (left is JsonValue a && right is JsonValue b)
        {
            if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
            {
                return a.GetValue<decimal>().CompareTo(b.GetValue<decimal>());
            }

            var leftText = JsonRead.String(a);
            var rightText = JsonRead.String(b);
            if (leftText is not null && rightText is not null)
            {
                if (decimal.TryParse(leftText, NumberStyles.Float, CultureInfo.InvariantCulture, out var leftNumber)
                    && decimal.TryParse(rightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var rightNumber))
                {
                    return leftNumber.CompareTo(rightNumber);
                }

                return string.CompareOrdinal(leftText, rightText);
            }
        }

        return string.CompareOrdinal(left.ToJsonString(), right.ToJsonString());
    }
}
