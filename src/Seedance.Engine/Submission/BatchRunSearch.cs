using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine.Submission;

/// <summary>
/// The runs a batch has just made, read with one search (<c>GET /v1/runs?q=created_at&gt;=T</c>, T shortly before the
/// batch's own <c>created_at</c>; <c>created_at</c> is a documented filter and field of both objects) instead of one
/// <c>GET /v1/runs/{id}</c> each: 1,000 rows sent as ten batches cost ten searches, not 1,000 reads. What the search does
/// not give whole is still read by id (<see cref="GivenRunReader"/>): a run its index does not list yet, an item without
/// the fields a caller is shown (a server may leave fields out of search items), all of them when the search fails or
/// the batch answer carries no <c>created_at</c>.
/// </summary>
internal static class BatchRunSearch
{
    // A batch holds at most 100 runs; a window that needs more pages than this is full of other work, and reading the
    // rest by id is cheaper than paging through it.
    private const int MaxPages = 3;

    // The same margin the follower gives its window: the runs may be stamped a little before the batch itself.
    private static readonly TimeSpan WindowMargin = TimeSpan.FromSeconds(2);

    /// <summary>The runs of <paramref name="runIds"/> the search listed whole, by id; the others are not in it.</summary>
    public static async Task<IReadOnlyDictionary<string, Run>> ReadAsync(RunflowClient client, IEnumerable<string?> runIds, DateTimeOffset? batchCreatedAt,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Run>(StringComparer.Ordinal);
        var wanted = new HashSet<string>(runIds.OfType<string>(), StringComparer.Ordinal);
        if (batchCreatedAt is not { } created || wanted.Count == 0)
        {
            return found;
        }

        var since = created - WindowMargin;
        var seenCursors = new HashSet<string>(StringComparer.Ordinal);
        var request = new RunSearchRequest { Query = RunQuery.CreatedSince(since), SortBy = "created_at:desc", Limit = RunflowClient.MaxSearchLimit };
        try
        {
            for (var page = 0; page < MaxPages && found.Count < wanted.Count; page++)
            {
                var older = false;
                var result = await client.SearchRunsAsync(request, item =>
                {
                    var id = Run.IdOf(item);
                    // Newest first: a run older than the window means a server that ignored the filter has nothing newer left.
                    older |= JsonValues.Time(item, "created_at") is { } at && at < since;
                    if (wanted.Contains(id) && !found.ContainsKey(id) && Run.FromElement(item) is var run && IsWhole(run))
                    {
                        found[id] = run;
                    }

                    return null;
                }, cancellationToken).ConfigureAwait(false);

                if (older || result.NextCursor is not { Length: > 0 } next || !seenCursors.Add(next))
                {
                    break;
                }

                request = request.Clone();
                request.Cursor = next;
            }
        }
        catch (RunflowException) when (!cancellationToken.IsCancellationRequested)
        {
            // A search that fails or does not take the filter: every run is read by id, as if none was listed.
        }

        return found;
    }

    // What the read by id gives a caller of a just-created run: its status, when it was made (the follower's window
    // starts there) and its input (shown, and matched against the row on a re-run).
    private static bool IsWhole(Run run) =>
        run.StatusCode is not null && run.CreatedAt is not null && run.PresentFields.Contains("input");
}
