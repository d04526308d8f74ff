using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>A capped search says whether the cap left matching runs out, exactly, with at most one extra small request.</summary>
public sealed class SearchCapTests
{
    [Theory]
    [InlineData(7, 5, true, 1)]
    [InlineData(5, 5, false, 1)]
    [InlineData(3, 5, false, 1)]
    public async Task One_page_asks_for_one_run_more_than_fits(int available, int cap, bool hasMore, int requests)
    {
        var api = Pages(available, pageSize: 500);

        var result = await api.Client().SearchRunsUpToAsync(new RunSearchRequest(), cap);

        Assert.Equal(Math.Min(available, cap), result.Runs.Count);
        Assert.Equal(hasMore, result.HasMore);
        Assert.Equal(requests, api.Requests.Count);
        Assert.Contains("limit=" + (cap + 1), api.Requests.First().Query);
    }

    [Theory]
    [InlineData(6, true)]
    [InlineData(5, true)]
    [InlineData(4, false)]
    public async Task A_page_that_ends_at_the_cap_with_a_cursor_is_followed_by_a_request_for_one_run(int available, bool hasMore)
    {
        // The server pages by 2 whatever limit is asked, so the cap of 4 is reached at the end of page two; only a next
        // cursor there leaves the question open.
        var api = Pages(available, pageSize: 2);

        var result = await api.Client().SearchRunsUpToAsync(new RunSearchRequest(), 4);

        Assert.Equal(4, result.Runs.Count);
        Assert.Equal(hasMore, result.HasMore);
        Assert.Equal(available > 4 ? 3 : 2, api.Requests.Count);
        Assert.Contains(available > 4 ? "limit=1" : "limit=3", api.Requests.Last().Query);
    }

    [Fact]
    public async Task No_cap_follows_every_page()
    {
        var api = Pages(7, pageSize: 2);

        var result = await api.Client().SearchRunsUpToAsync(new RunSearchRequest(), null);

        Assert.Equal(7, result.Runs.Select(run => run.Id).Distinct().Count());
        Assert.False(result.HasMore);
        Assert.Equal(4, api.Requests.Count);
    }

    /// <summary>A search route over <paramref name="available"/> runs that honours limit up to its own page size.</summary>
    private static FakeApi Pages(int available, int pageSize) => new((request, _) =>
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.Uri.Query);
        var start = query["pq"] is { } cursor ? int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var limit = Math.Min(pageSize, int.Parse(query["limit"] ?? "50", System.Globalization.CultureInfo.InvariantCulture));
        var end = Math.Min(available, start + limit);
        var items = string.Join(",", Enumerable.Range(start, end - start).Select(index => FakeApi.RunJson("run-" + index)));
        var next = end < available ? "\"" + end + "\"" : "null";
        return FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + items + "],\"next\":" + next + "}");
    });
}
