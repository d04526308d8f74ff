using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>Run searches (<c>GET /v1/runs</c>): one page, capped searches that follow the cursors, and the lookup by
/// client ref that resolves lost creates.</summary>
public sealed partial class RunflowClient
{
    public Task<RunPage> SearchRunsAsync(RunSearchRequest request, CancellationToken cancellationToken = default) =>
        SearchRunsAsync(request, Run.FromElement, cancellationToken);

    /// <summary>One page, each item read by <paramref name="readItem"/> while it is parsed (a follower reads only what it
    /// needs, and gives null for an item it leaves out); see <see cref="RunPageReader"/>.</summary>
    internal async Task<RunPage> SearchRunsAsync(RunSearchRequest request, Func<JsonElement, Run?> readItem, CancellationToken cancellationToken)
    {
        if (request.Limit is { } limit && (limit < 1 || limit > MaxSearchLimit))
        {
            throw new RunflowValidationException("limit", limit, $"limit must be between 1 and {MaxSearchLimit}.");
        }

        var query = new List<string>();
        ApiPaths.AddQuery(query, "q", request.Query);
        ApiPaths.AddQuery(query, "limit", request.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ApiPaths.AddQuery(query, "pq", request.Cursor);
        ApiPaths.AddQuery(query, "sort_by", request.SortBy);
        if (request.Fields is { Count: > 0 } fields)
        {
            ApiPaths.AddQuery(query, "fields", string.Join(",", fields));
        }

        var path = "v1/runs" + (query.Count == 0 ? string.Empty : "?" + string.Join("&", query));
        var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        return RunPageReader.Read(response.Utf8Body, readItem, response.RequestId);
    }

    /// <summary>Searches and follows the cursors until <paramref name="maxItems"/> runs or the last page.</summary>
    public async Task<IReadOnlyList<Run>> SearchAllRunsAsync(RunSearchRequest request, int maxItems, CancellationToken cancellationToken = default) =>
        (await SearchRunsUpToAsync(request, maxItems, cancellationToken).ConfigureAwait(false)).Runs;

    /// <summary>
    /// Searches and follows the cursors until <paramref name="maxItems"/> runs (all of them when null) or the last page,
    /// and tells whether the cap left runs out. Each page asks for one run more than still fits, so a cut list is known
    /// without an extra request; only when a page ends exactly at the cap is the next page asked for a single run.
    /// <see cref="RunSearchRequest.Limit"/> is the page size (the largest the API allows when null).
    /// </summary>
    public async Task<RunSearchResult> SearchRunsUpToAsync(RunSearchRequest request, int? maxItems, CancellationToken cancellationToken = default)
    {
        if (maxItems is < 0)
        {
            throw new RunflowValidationException("maxItems", maxItems, "The most runs to return cannot be negative.");
        }

        var runs = new List<Run>();
        var seenCursors = new HashSet<string>(StringComparer.Ordinal);
        var page = request.Clone();
        var pageSize = request.Limit ?? MaxSearchLimit;
        while (true)
        {
            if (maxItems is { } cap)
            {
                page.Limit = (int)Math.Min(pageSize, (long)cap - runs.Count + 1);
            }

            var result = await SearchRunsAsync(page, cancellationToken).ConfigureAwait(false);
            foreach (var run in result.Items)
            {
                if (runs.Count == maxItems)
                {
                    return new RunSearchResult(runs, hasMore: true);
                }

                runs.Add(run);
            }

            // A server that hands back a cursor already followed would otherwise loop forever.
            if (result.NextCursor is null || result.Items.Count == 0 || !seenCursors.Add(result.NextCursor))
            {
                return new RunSearchResult(runs, hasMore: false);
            }

            page.Cursor = result.NextCursor;
        }
    }

    /// <summary>The newest run created with <paramref name="clientRef"/>, or null. The filter is not trusted blindly:
    /// only runs whose client_ref is exactly equal are considered.</summary>
    public async Task<Run?> FindRunByClientRefAsync(string clientRef, CancellationToken cancellationToken = default)
    {
        var matches = await FindRunsByClientRefAsync(clientRef, cancellationToken).ConfigureAwait(false);
        return matches.FirstOrDefault();
    }

    internal async Task<IReadOnlyList<Run>> FindRunsByClientRefAsync(string clientRef, CancellationToken cancellationToken)
    {
        var page = await SearchRunsAsync(new RunSearchRequest { Query = RunQuery.ForClientRef(clientRef), Limit = 20, SortBy = RunSearchRequest.NewestFirst },
            cancellationToken).ConfigureAwait(false);
        return page.Items
            .Where(run => string.Equals(run.ClientRef, clientRef, StringComparison.Ordinal))
            .OrderByDescending(run => run.CreatedAt ?? DateTimeOffset.MinValue)
            .ToList();
    }
}
