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

    /// <summary>The runs of <paramref name="runIds"/> the search listed whole, by id; the others are not in it. The window
    /// starts the follower's margin before the batch's own <c>created_at</c>: its runs may be stamped a little before it.</summary>
    public static async Task<IReadOnlyDictionary<string, Run>> ReadAsync(RunflowClient client, IEnumerable<string?> runIds, DateTimeOffset? batchCreatedAt,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Run>(StringComparer.Ordinal);
        var wanted = new HashSet<string>(runIds.OfType<string>(), StringComparer.Ordinal);
        if (batchCreatedAt is not { } created || wanted.Count == 0)
        {
            return found;
        }

        try
        {
            await CreatedSinceSearch.ReadWindowAsync(client, created, null, MaxPages, (item, id) =>
            {
                if (wanted.Contains(id) && !found.ContainsKey(id) && Run.FromElement(item) is var run && IsWhole(run))
                {
                    found[id] = run;
                }
            }, () => found.Count == wanted.Count, cancellationToken).ConfigureAwait(false);
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
