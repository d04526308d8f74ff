using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>Servers that cannot read a run back at once: GET answers 404 for a while after the create, and a batch's
/// runs are unreadable and unnamed for a while after the batch create. Driven by a fake clock, so nothing sleeps.</summary>
public class ReadWindowTests
{
    private const string TwoItems = """{"input":[{"prompt":"one","client_ref":"b-1"},{"prompt":"two","client_ref":"b-2"}],"metadata":{"job":4}}""";

    [Fact]
    public async Task Without_a_window_a_run_is_readable_at_once()
    {
        await using var api = await RawApi.StartOnFakeClockAsync();

        var (status, _, _) = await api.GetAsync("/v1/runs/" + await api.CreateAsync());

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task In_the_not_found_window_get_answers_404_run_not_found_while_search_already_has_the_run()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => options.NotFoundAfterCreateMs = 2000);
        var id = await api.CreateAsync(RawApi.Body(extras: "\"metadata\":{\"row\":9}"));

        var (early, error, _) = await api.GetAsync("/v1/runs/" + id);
        var searched = await api.SearchIdsAsync(RawApi.Q("id:" + id));
        api.Advance(1999);
        var (almost, _, _) = await api.GetAsync("/v1/runs/" + id);
        api.Advance(1);
        var (after, run, _) = await api.GetAsync("/v1/runs/" + id);

        Assert.Equal(404, early);
        Assert.Equal("RUN_NOT_FOUND", error!["code"]!.GetValue<string>());
        Assert.Equal(new[] { id }, searched);
        Assert.Equal(404, almost);
        Assert.Equal(200, after);
        Assert.Equal(9, run!["metadata"]!["row"]!.GetValue<int>());
    }

    [Fact]
    public async Task Without_an_unreadable_window_a_batch_names_its_runs_at_once()
    {
        await using var api = await RawApi.StartOnFakeClockAsync();

        var (_, batch, _) = await api.PostAsync(RawApi.TextBatches, TwoItems);

        Assert.All(batch!["items"]!.AsArray(), item => Assert.NotNull(item!["run_id"]));
    }

    [Fact]
    public async Task In_the_unreadable_window_batch_runs_are_404_missing_from_search_and_unnamed_then_all_appear()
    {
        await using var api = await RawApi.StartOnFakeClockAsync(options => options.BatchRunsUnreadableMs = 3000);
        var (status, created, _) = await api.PostAsync(RawApi.TextBatches, TwoItems);
        var batchPath = "/v1/batches/" + created!["id"]!.GetValue<string>();
        var runIds = new[] { "b-1", "b-2" }.Select(clientRef => Assert.Single(api.Emulator.RunIdsForClientRef(clientRef))).ToList();
        var single = await api.CreateAsync();

        var (_, during, _) = await api.GetAsync(batchPath);
        var (runDuring, _, _) = await api.GetAsync("/v1/runs/" + runIds[0]);
        var searchDuring = await api.SearchIdsAsync("limit=500");
        api.Advance(2999);
        var (runAlmost, _, _) = await api.GetAsync("/v1/runs/" + runIds[1]);
        var searchAlmost = await api.SearchIdsAsync(RawApi.Q(string.Join(" OR ", runIds.Select(id => "id:" + id))));
        api.Advance(1);
        var (_, after, _) = await api.GetAsync(batchPath);
        var (runAfter, run, _) = await api.GetAsync("/v1/runs/" + runIds[0]);
        var searchAfter = await api.SearchIdsAsync("limit=500");

        Assert.Equal(201, status);
        foreach (var answer in new[] { created, during! })
        {
            Assert.All(answer["items"]!.AsArray(), item => Assert.Null(item!["run_id"]));
            Assert.Equal(new[] { "b-1", "b-2" }, RawApi.Strings(answer["items"], "client_ref"));
        }

        Assert.Equal(404, runDuring);
        Assert.Equal(new[] { single }, searchDuring);
        Assert.Equal(404, runAlmost);
        Assert.Empty(searchAlmost);
        Assert.Equal(runIds, RawApi.Strings(after!["items"], "run_id"));
        Assert.Equal(200, runAfter);
        Assert.Equal(4, run!["metadata"]!["job"]!.GetValue<int>());
        Assert.Equal(runIds.Append(single).OrderBy(id => id), searchAfter.OrderBy(id => id));
    }
}
