using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>
/// Searches on servers that differ where the docs are silent: an index that lags behind creates, and filters limited to
/// the documented ones. Also what a careful client leans on instead: created_at comparisons, created_at order, cursors
/// and metadata echoed as sent.
/// </summary>
public class SearchVariantTests
{
    private static readonly string SinceStart = RawApi.Q("created_at>=" + RawApi.Zulu(RawApi.FakeStart));

    [Fact]
    public async Task Without_a_lag_a_new_run_is_found_at_once()
    {
        await using var api = await RawApi.StartOnFakeClockAsync();

        var id = await api.CreateAsync();

        Assert.Contains(id, await api.SearchIdsAsync(RawApi.Q("id:" + id)));
        Assert.Contains(id, await api.SearchIdsAsync(SinceStart));
    }

    [Fact]
    public async Task With_a_search_lag_a_new_run_is_missing_from_every_search_until_the_lag_has_passed()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => (options.SearchLagMinMs, options.SearchLagMaxMs) = (2000, 2000));
        var id = await api.CreateAsync();
        var queries = new[] { RawApi.Q("id:" + id), SinceStart, string.Empty };

        var atOnce = await FoundByAsync(api, id, queries);
        var readable = await api.GetAsync("/v1/runs/" + id);
        api.Advance(1999);
        var almost = await FoundByAsync(api, id, queries);
        api.Advance(1);
        var after = await FoundByAsync(api, id, queries);

        Assert.Equal(new[] { false, false, false }, atOnce);
        Assert.Equal(200, readable.Status);
        Assert.Equal(new[] { false, false, false }, almost);
        Assert.Equal(new[] { true, true, true }, after);
    }

    [Fact]
    public async Task A_lag_range_gives_each_run_its_own_seeded_lag_and_changes_live()
    {
        async Task<(int Early, string Middle, int Late, RawApi Api)> PatternAsync(int seed)
        {
            var api = await RawApi.StartOnFakeClockAsync(options => { options.Seed = seed; (options.SearchLagMinMs, options.SearchLagMaxMs) = (1500, 3000); });
            var items = string.Join(",", Enumerable.Range(0, 20).Select(index => $$$"""{"prompt":"p","client_ref":"r{{{index}}}"}"""));
            Assert.Equal(201, (await api.PostAsync(RawApi.TextBatches, "{\"input\":[" + items + "]}")).Status);
            api.Advance(1499);
            var early = (await api.SearchIdsAsync("limit=500")).Count;
            api.Advance(751);
            var (_, middle, _) = await api.GetAsync("/v1/runs?limit=500&sort_by=client_ref:asc");
            api.Advance(750);
            var late = (await api.SearchIdsAsync("limit=500")).Count;
            return (early, string.Join(",", RawApi.Strings(middle!["items"], "client_ref")), late, api);
        }

        var first = await PatternAsync(5);
        var again = await PatternAsync(5);
        var other = await PatternAsync(6);
        await again.Api.DisposeAsync();
        await other.Api.DisposeAsync();
        await using var api = first.Api;
        var shown = await api.GetAsync("/_emulator/options");
        var latest = await api.CreateAsync();
        var hidden = (await api.SearchIdsAsync("limit=500")).Contains(latest);
        var changed = await api.PostAsync("/_emulator/options", """{"search_lag_ms":0}""");
        var unlagged = (await api.SearchIdsAsync("limit=500")).Contains(latest);

        Assert.Equal(0, first.Early);
        Assert.Equal(20, first.Late);
        Assert.InRange(first.Middle.Split(',').Length, 1, 19);
        Assert.Equal(first.Middle, again.Middle);
        Assert.NotEqual(first.Middle, other.Middle);
        Assert.Equal("1500-3000", shown.Body!["search_lag_ms"]!.GetValue<string>());
        Assert.False(hidden);
        Assert.Equal(200, changed.Status);
        Assert.True(unlagged);
    }

    [Fact]
    public async Task Without_a_client_ref_filter_a_client_ref_term_anywhere_in_q_is_422_and_the_documented_filters_work()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => options.QueuedMs = 60_000);
        var id = await api.CreateAsync(RawApi.Body(extras: "\"client_ref\":\"row-1\""));
        var before = await api.SearchIdsAsync(RawApi.Q("client_ref:row-1"));

        api.Emulator.Options.NoClientRefFilter = true;
        var refused = new List<(int Status, string Field)>();
        foreach (var filter in new[] { "client_ref:row-1", "status_code:queued OR client_ref:row-1", "NOT client_ref:other", "(client_ref>a)" })
        {
            var (status, error, _) = await api.GetAsync("/v1/runs?" + RawApi.Q(filter));
            refused.Add((status, error!["errors"]![0]!["field"]!.GetValue<string>()));
        }

        var byStatusAndTime = await api.SearchIdsAsync(RawApi.Q("status_code:queued AND created_at>=2026-05-01T12:00:00Z"));
        var byId = await api.SearchIdsAsync(RawApi.Q("id:" + id + " OR id:" + Guid.NewGuid()));

        Assert.Equal(new[] { id }, before);
        Assert.All(refused, answer => Assert.Equal((422, "q"), answer));
        Assert.Equal(new[] { id }, byStatusAndTime);
        Assert.Equal(new[] { id }, byId);
    }

    [Fact]
    public async Task Without_an_id_filter_id_lists_are_422_and_runs_are_found_by_created_at_and_status_code()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => options.QueuedMs = 60_000);
        var id = await api.CreateAsync(RawApi.Body(extras: "\"client_ref\":\"row-1\""));
        var before = await api.SearchIdsAsync(RawApi.Q("id:" + id));

        api.Emulator.Options.NoIdFilter = true;
        var (single, error, _) = await api.GetAsync("/v1/runs?" + RawApi.Q("id:" + id));
        var (list, _, _) = await api.GetAsync("/v1/runs?" + RawApi.Q("id:" + id + " OR id:" + Guid.NewGuid()));
        var byTime = await api.SearchIdsAsync(SinceStart);
        var byStatus = await api.SearchIdsAsync(RawApi.Q("status_code:queued"));
        var byClientRef = await api.SearchIdsAsync(RawApi.Q("client_ref:row-1"));

        Assert.Equal(new[] { id }, before);
        Assert.Equal(422, single);
        Assert.Contains("id", error!["message"]!.GetValue<string>());
        Assert.Equal(422, list);
        Assert.Equal(new[] { id }, byTime);
        Assert.Equal(new[] { id }, byStatus);
        Assert.Equal(new[] { id }, byClientRef);
    }

    [Fact]
    public async Task Created_at_comparisons_order_and_cursors_find_a_time_window_of_runs_with_their_metadata()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => options.QueuedMs = 60_000);
        var ids = new List<string>();
        for (var row = 0; row < 4; row++)
        {
            ids.Add(await api.CreateAsync(RawApi.Body(extras: $$$"""
                "metadata":{"row":{{{row}}},"job":{"name":"csv","tags":["a","b"]}}
                """)));
            api.Advance(1000);
        }

        var since = RawApi.Q($"created_at>={RawApi.Zulu(RawApi.FakeStart.AddSeconds(1))} AND status_code:queued");
        var pages = new List<(IReadOnlyList<string> Ids, IReadOnlyList<int> Rows)>();
        string? cursor = null;
        do
        {
            var (_, page, _) = await api.GetAsync("/v1/runs?sort_by=created_at:asc&limit=2&" + since + (cursor is null ? string.Empty : "&pq=" + Uri.EscapeDataString(cursor)));
            var items = page!["items"]!.AsArray();
            pages.Add((RawApi.Strings(items, "id"), items.Select(item => item!["metadata"]!["row"]!.GetValue<int>()).ToList()));
            Assert.All(items, item => Assert.Equal("""{"name":"csv","tags":["a","b"]}""", item!["metadata"]!["job"]!.ToJsonString()));
            cursor = page["next"]?.GetValue<string>();
        }
        while (cursor is not null && pages.Count < 10);

        var strictlyAfter = await api.SearchIdsAsync(RawApi.Q($"created_at>{RawApi.Stamp(RawApi.FakeStart.AddSeconds(2))}") + "&sort_by=created_at:asc");
        var before = await api.SearchIdsAsync(RawApi.Q($"created_at<{RawApi.Zulu(RawApi.FakeStart.AddSeconds(1))}"));
        var fetched = await api.GetRunAsync(ids[2]);

        Assert.Equal(new[] { new[] { ids[1], ids[2] }, new[] { ids[3] } }, pages.Select(page => page.Ids.ToArray()));
        Assert.Equal(new[] { 1, 2, 3 }, pages.SelectMany(page => page.Rows));
        Assert.Equal(new[] { ids[3] }, strictlyAfter);
        Assert.Equal(new[] { ids[0] }, before);
        Assert.Equal(RawApi.Stamp(RawApi.FakeStart.AddSeconds(2)), fetched["created_at"]!.GetValue<string>());
        Assert.Equal("""{"row":2,"job":{"name":"csv","tags":["a","b"]}}""", fetched["metadata"]!.ToJsonString());
    }

    /// <summary>For each query, whether the search finds the run.</summary>
    private static async Task<bool[]> FoundByAsync(RawApi api, string id, IEnumerable<string> queries)
    {
        var found = new List<bool>();
        foreach (var query in queries)
        {
            found.Add((await api.SearchIdsAsync(query)).Contains(id));
        }

        return found.ToArray();
    }
}
