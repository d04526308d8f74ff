using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>
/// <c>GET /v1/runs</c>: <c>q</c> filter, <c>sort_by</c>, <c>limit</c> 1–500 (default 50), <c>pq</c> cursor,
/// <c>from_prev</c>, <c>fields</c> projection, in the configured page envelope.
/// </summary>
internal sealed class SearchEndpoint(EmulatorOptions options, EmulatorState state, RunRepresentation representation, TimeProvider clock,
    ConsistencyWindows windows, ApiResponses responses)
{
    public async Task Search(HttpContext context, string[] segments)
    {
        var limitText = ApiRequest.Query(context, "limit");
        var limit = 50;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            await Invalid(context, "limit", "limit must be an integer from 1 to 500.", "range");
            return;
        }

        var fromPreviousText = ApiRequest.Query(context, "from_prev");
        if (fromPreviousText is not null && !bool.TryParse(fromPreviousText, out _))
        {
            await Invalid(context, "from_prev", "from_prev must be true or false.", "type");
            return;
        }

        var fromPrevious = fromPreviousText is not null && bool.Parse(fromPreviousText);
        var sortKeys = RunOrder.Parse(ApiRequest.Query(context, "sort_by"), out var sortProblem);
        if (sortProblem is not null)
        {
            await Invalid(context, "sort_by", sortProblem, "format");
            return;
        }

        RunFilter? filter = null;
        var q = ApiRequest.Query(context, "q");
        if (!string.IsNullOrWhiteSpace(q))
        {
            try
            {
                filter = RunFilter.Parse(q, representation.RunFields);
            }
            catch (FormatException exception)
            {
                await responses.Error(context, 400, "INVALID_FILTER", exception.Message, new[] { ("q", exception.Message, "syntax") });
                return;
            }

            if (UnfilterableField(filter) is { } refused)
            {
                await Invalid(context, "q", $"This server does not filter runs on {refused}; filter on status_code and created_at.", "unsupported_field");
                return;
            }
        }

        RunCursor? cursor = null;
        var cursorText = ApiRequest.Query(context, "pq");
        if (!string.IsNullOrEmpty(cursorText))
        {
            if (!RunCursor.TryDecode(cursorText, out var decoded))
            {
                await responses.Error(context, 400, "INVALID_CURSOR", "pq is not a cursor this server issued.", new[] { ("pq", "unknown cursor", "format") });
                return;
            }

            cursor = decoded;
        }

        var fields = ApiRequest.Query(context, "fields")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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
            var sorted = RunOrder.Sort(matching, sortKeys);
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

        await ApiResponses.Json(context, 200, PageEnvelope.Of(options.PaginationStyle, page, RunCursor.Start.Encode(), next?.Encode(), previous?.Encode()));
    }

    private Task Invalid(HttpContext context, string parameter, string message, string code) =>
        responses.ValidationError(context, "The search is invalid", new[] { (parameter, message, code) });

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
}
