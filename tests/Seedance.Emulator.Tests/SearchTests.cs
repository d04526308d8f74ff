using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary><c>GET /v1/runs</c>: the q filter language, sort_by, fields, limit, and cursors in both documented envelopes.</summary>
public class SearchTests
{
    /// <summary>Five finished runs: rows 0–4, row 2 failed, rows 3 and 4 in one batch.</summary>
    private static async Task<RawApi> FiveRunsAsync(Action<EmulatorOptions>? configure = null)
    {
        var api = await RawApi.StartAsync(configure);
        for (var row = 0; row < 3; row++)
        {
            await api.CreateAsync(RawApi.Body(row == 2 ? "row [fail]" : "row", $"\"client_ref\":\"row {row}\",\"metadata\":{{\"row\":{row}}}"));
        }

        await api.PostAsync(RawApi.TextBatches, """{"input":[{"prompt":"row","client_ref":"row 3"},{"prompt":"row","client_ref":"row 4"}]}""");
        await RawApi.EventuallyAsync(() => api.Emulator.GetStats().RunsByStatus.Where(pair => pair.Key is "succeeded" or "failed").Sum(pair => pair.Value) == 5,
            "all five runs finished");
        return api;
    }

    private static async Task<IReadOnlyList<string>> ClientRefsAsync(RawApi api, string query)
    {
        var (status, page, _) = await api.GetAsync("/v1/runs?" + query);
        Assert.True(status == 200, page?.ToJsonString());
        return RawApi.Strings(page!["items"], "client_ref");
    }

    [Theory]
    [InlineData("", "row 4,row 3,row 2,row 1,row 0")]
    [InlineData("q=status_code:failed", "row 2")]
    [InlineData("q=status_code=succeeded", "row 4,row 3,row 1,row 0")]
    [InlineData("q=client_ref:\"row 1\"", "row 1")]
    [InlineData("q=client_ref:\"Row 1\"", "")]
    [InlineData("q=client_ref:\"row 3\" OR (client_ref=\"row 1\" AND NOT status_code:failed)", "row 3,row 1")]
    [InlineData("q=NOT batch_id:null", "row 4,row 3")]
    [InlineData("q=batch_id:null AND status_code:succeeded", "row 1,row 0")]
    [InlineData("q=metadata.row>=1 AND metadata.row<2", "row 1")]
    [InlineData("q=created_at>2000-01-01T00:00:00Z", "row 4,row 3,row 2,row 1,row 0")]
    [InlineData("q=created_at<2000-01-01", "")]
    [InlineData("q=cost>1.5", "row 4,row 3,row 1,row 0")]
    [InlineData("sort_by=created_at:asc", "row 0,row 1,row 2,row 3,row 4")]
    [InlineData("sort_by=status_code:asc,created_at:desc", "row 2,row 4,row 3,row 1,row 0")]
    [InlineData("sort_by=client_ref:desc", "row 4,row 3,row 2,row 1,row 0")]
    public async Task Filters_and_sorting_select_and_order_the_runs(string query, string expected)
    {
        await using var api = await FiveRunsAsync();

        var refs = await ClientRefsAsync(api, query.Replace(" ", "%20").Replace("\"", "%22"));

        Assert.Equal(expected.Length == 0 ? Array.Empty<string>() : expected.Split(','), refs);
    }

    [Fact]
    public async Task Ids_and_model_ids_are_searchable_the_way_a_client_polls_many_runs()
    {
        await using var api = await FiveRunsAsync();
        var ids = api.Emulator.RunIdsForClientRef("row 1").Concat(api.Emulator.RunIdsForClientRef("row 3")).ToList();
        var modelId = (await api.GetRunAsync(ids[0]))["model_id"]!.GetValue<string>();

        var byIds = await ClientRefsAsync(api, "q=" + Uri.EscapeDataString(string.Join(" OR ", ids.Select(id => "id:" + id))));
        var byModel = await ClientRefsAsync(api, "q=" + Uri.EscapeDataString("model_id:" + modelId));

        Assert.Equal(new[] { "row 3", "row 1" }, byIds);
        Assert.Equal(5, byModel.Count);
    }

    [Theory]
    [InlineData("client_ref:(x")]
    [InlineData("client_ref:\"open")]
    [InlineData("status_code")]
    [InlineData("(status_code:failed")]
    [InlineData("status_code:failed AND")]
    [InlineData("status_code:failed extra")]
    [InlineData("colour:red")]
    public async Task A_filter_that_does_not_parse_is_400_with_a_message(string q)
    {
        await using var api = await RawApi.StartAsync();

        var (status, error, _) = await api.GetAsync("/v1/runs?q=" + Uri.EscapeDataString(q));

        Assert.Equal(400, status);
        Assert.Contains("filter", error!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=501")]
    [InlineData("limit=ten")]
    [InlineData("sort_by=created_at:sideways")]
    [InlineData("from_prev=maybe")]
    public async Task Out_of_range_parameters_are_422(string query)
    {
        await using var api = await RawApi.StartAsync();

        var (status, _, _) = await api.GetAsync("/v1/runs?" + query);

        Assert.Equal(422, status);
    }

    [Fact]
    public async Task A_cursor_the_server_never_issued_is_400()
    {
        await using var api = await RawApi.StartAsync();

        var (status, _, _) = await api.GetAsync("/v1/runs?pq=bm90LWEtY3Vyc29y");

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Fields_project_each_item_to_the_listed_fields()
    {
        await using var api = await FiveRunsAsync();

        var (_, page, _) = await api.GetAsync("/v1/runs?fields=id,status_code,client_ref,no_such_field&limit=2");

        Assert.All(page!["items"]!.AsArray(), item =>
            Assert.Equal(new[] { "client_ref", "id", "status_code" }, item!.AsObject().Select(pair => pair.Key).OrderBy(key => key, StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("next", "previous")]
    [InlineData("next_pq", "prev_pq")]
    public async Task Cursors_walk_forward_and_back_in_both_envelopes(string nextField, string previousField)
    {
        await using var api = await FiveRunsAsync(options => options.PaginationStyle = nextField);

        var pages = new List<IReadOnlyList<string>>();
        string? cursor = null;
        string? lastPrevious = null;
        for (var page = 0; page < 10; page++)
        {
            var (_, body, _) = await api.GetAsync("/v1/runs?limit=2" + (cursor is null ? string.Empty : "&pq=" + Uri.EscapeDataString(cursor)));
            pages.Add(RawApi.Strings(body!["items"], "client_ref"));
            Assert.True(body.AsObject().ContainsKey(nextField) && body.AsObject().ContainsKey(previousField));
            Assert.Equal(nextField == "next", body.AsObject().ContainsKey("first"));
            lastPrevious = body[previousField]?.GetValue<string>();
            cursor = body[nextField]?.GetValue<string>();
            if (cursor is null)
            {
                break;
            }
        }

        var back = await ClientRefsAsync(api, "limit=2&pq=" + Uri.EscapeDataString(lastPrevious!));
        var backExplicit = await ClientRefsAsync(api, "limit=2&from_prev=true&pq=" + Uri.EscapeDataString(lastPrevious!));
        var lastPage = await ClientRefsAsync(api, "limit=2&from_prev=true");

        Assert.Equal(new[] { new[] { "row 4", "row 3" }, new[] { "row 2", "row 1" }, new[] { "row 0" } }, pages.Select(page => page.ToArray()));
        Assert.Equal(new[] { "row 2", "row 1" }, back);
        Assert.Equal(back, backExplicit);
        Assert.Equal(new[] { "row 1", "row 0" }, lastPage);
    }

    [Fact]
    public async Task Runs_created_while_paging_neither_repeat_nor_hide_items()
    {
        await using var api = await FiveRunsAsync();

        var (_, first, _) = await api.GetAsync("/v1/runs?limit=2");
        await api.CreateAsync(RawApi.Body(extras: "\"client_ref\":\"row 5\""));
        await api.CreateAsync(RawApi.Body(extras: "\"client_ref\":\"row 6\""));
        var rest = await ClientRefsAsync(api, "limit=10&pq=" + Uri.EscapeDataString(first!["next"]!.GetValue<string>()));

        Assert.Equal(new[] { "row 4", "row 3" }, RawApi.Strings(first["items"], "client_ref"));
        Assert.Equal(new[] { "row 2", "row 1", "row 0" }, rest);
    }

    [Fact]
    public async Task The_default_page_is_50_runs_and_a_limit_of_500_returns_all_300_on_one_page()
    {
        await using var api = await RawApi.StartAsync(options => options.QueuedMs = 60_000);
        for (var batch = 0; batch < 3; batch++)
        {
            var items = string.Join(",", Enumerable.Range(0, 100).Select(index => $$$"""{"prompt":"p","client_ref":"b{{{batch}}}-{{{index}}}"}"""));
            Assert.Equal(201, (await api.PostAsync(RawApi.TextBatches, "{\"input\":[" + items + "]}")).Status);
        }

        var (_, page, _) = await api.GetAsync("/v1/runs");
        var (_, big, _) = await api.GetAsync("/v1/runs?limit=500&fields=id");

        Assert.Equal(50, page!["items"]!.AsArray().Count);
        Assert.Equal(300, big!["items"]!.AsArray().Count);
        Assert.Null(big["next"]);
    }
}
