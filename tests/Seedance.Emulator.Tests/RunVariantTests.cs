using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>Run objects on servers that differ where the docs are silent: no client_ref echo, and a terminal status the
/// docs do not list.</summary>
public class RunVariantTests
{
    [Fact]
    public async Task Client_ref_is_echoed_by_default_and_never_with_the_echo_off()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var api = await RawApi.StartAsync();
        var echoed = (await api.PostAsync(RawApi.TextToVideo, RawApi.Body(extras: "\"client_ref\":\"seen\""))).Body!;

        api.Emulator.Options.NoClientRefEcho = true;
        var created = (await api.PostAsync(RawApi.TextToVideo, RawApi.Body(extras: "\"client_ref\":\"hidden\",\"metadata\":{\"row\":1}"))).Body!;
        var id = created["id"]!.GetValue<string>();
        var (_, batch, _) = await api.PostAsync(RawApi.TextBatches,
            $$$"""{"input":[{"prompt":"a","client_ref":"hidden-a"},{"prompt":"b","client_ref":"hidden-b"}],"callback_url":"{{{receiver.Url}}}"}""");
        var fetched = await api.WaitTerminalAsync(id);
        var (_, page, _) = await api.GetAsync("/v1/runs?limit=500");
        var (_, projected, _) = await api.GetAsync("/v1/runs?fields=id,client_ref&" + RawApi.Q("id:" + id));
        foreach (var runId in RawApi.Strings(batch!["items"], "run_id"))
        {
            await api.WaitTerminalAsync(runId);
        }

        var (_, batchRead, _) = await api.GetAsync("/v1/batches/" + batch["id"]!.GetValue<string>());
        await receiver.WaitForAsync(3);
        var batchCallback = receiver.Received.Select(request => request.Json).Single(json => json["batch_id"] is not null);

        Assert.Equal("seen", echoed["client_ref"]!.GetValue<string>());
        var runObjects = new[] { created, fetched }.Concat(page!["items"]!.AsArray().Select(item => item!)).Concat(projected!["items"]!.AsArray().Select(item => item!));
        Assert.All(runObjects, run => Assert.False(run.AsObject().ContainsKey("client_ref"), run.ToJsonString()));
        Assert.Equal(1, fetched["metadata"]!["row"]!.GetValue<int>());
        var batchItems = batch["items"]!.AsArray().Concat(batchRead!["items"]!.AsArray()).Concat(batchRead["output"]!["items"]!.AsArray())
            .Concat(batchCallback["output"]!["items"]!.AsArray());
        Assert.All(batchItems, item => Assert.False(item!.AsObject().ContainsKey("client_ref"), item.ToJsonString()));
        Assert.Equal(new[] { "hidden-a", "hidden-b" }.Select(clientRef => api.Emulator.RunIdsForClientRef(clientRef).Single()), RawApi.Strings(batch["items"], "run_id"));
    }

    [Fact]
    public async Task An_unlisted_terminal_status_ends_would_be_successes_with_completed_at_and_a_failure_code_and_no_output()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var api = await RawApi.StartAsync(options => { options.UnlistedTerminalStatus = "expired"; options.Balance = 10m; });

        var expired = await api.CreateAsync(RawApi.Body(extras: $"\"callback_url\":\"{receiver.Url}\""));
        var failed = await api.CreateAsync(RawApi.Body("bad [fail]"));
        var partial = await api.CreateAsync(RawApi.Body("two scenes [partial]"));
        var ended = await api.WaitForAsync(expired, run => run["completed_at"] is not null, "ended");
        var callback = (await receiver.WaitForAsync(1))[0].Json;
        var others = new[] { RawApi.Status(await api.WaitTerminalAsync(failed)), RawApi.Status(await api.WaitTerminalAsync(partial)) };
        var found = await api.SearchIdsAsync(RawApi.Q("status_code:expired"));
        var (_, statuses, _) = await api.GetAsync("/v1/runs/statuses");
        api.Emulator.Options.UnlistedTerminalStatus = string.Empty;
        var succeeded = await api.WaitTerminalAsync(await api.CreateAsync());

        Assert.Equal("expired", RawApi.Status(ended));
        Assert.Equal("RUN_EXPIRED", ended["failure_code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(ended["failure_message"]!.GetValue<string>()));
        Assert.Null(ended["output"]);
        Assert.Null(ended["cost"]);
        Assert.Equal("run.expired", callback["event"]!.GetValue<string>());
        Assert.Equal("expired", callback["status"]!.GetValue<string>());
        Assert.Equal("RUN_EXPIRED", callback["output"]!["code"]!.GetValue<string>());
        Assert.Equal(new[] { "failed", "partial_succeeded" }, others);
        Assert.Equal(new[] { expired }, found);
        var listed = statuses!["items"]!.AsArray().Single(item => item!["code"]!.GetValue<string>() == "expired")!;
        Assert.True(listed["is_terminal"]!.GetValue<bool>());
        Assert.Equal("succeeded", RawApi.Status(succeeded));
        Assert.Equal(10m - decimal.Parse(succeeded["cost"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            - decimal.Parse((await api.GetRunAsync(partial))["cost"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            api.Emulator.GetStats().Balance);
    }

    [Fact]
    public async Task A_share_of_runs_ends_with_the_unlisted_status_the_same_ones_for_the_same_seed()
    {
        async Task<(string Pattern, JsonNode Batch)> PatternAsync(int seed)
        {
            await using var api = await RawApi.StartAsync(options => { options.Seed = seed; options.UnlistedTerminalStatus = "timed_out"; options.UnlistedTerminalShare = 0.5; });
            var items = string.Join(",", Enumerable.Range(0, 20).Select(_ => """{"prompt":"p"}"""));
            var (_, batch, _) = await api.PostAsync(RawApi.TextBatches, "{\"input\":[" + items + "]}");
            foreach (var runId in RawApi.Strings(batch!["items"], "run_id"))
            {
                await api.WaitForAsync(runId, run => run["completed_at"] is not null, "ended");
            }

            var (_, done, _) = await api.GetAsync("/v1/batches/" + batch["id"]!.GetValue<string>());
            return (string.Join(",", RawApi.Strings(done!["items"], "status_code")), done);
        }

        var first = await PatternAsync(3);
        var again = await PatternAsync(3);
        var other = await PatternAsync(4);

        var statuses = first.Pattern.Split(',');
        Assert.Equal(new[] { "succeeded", "timed_out" }, statuses.Distinct().OrderBy(status => status));
        Assert.Equal(first.Pattern, again.Pattern);
        Assert.NotEqual(first.Pattern, other.Pattern);
        Assert.Equal("partial_succeeded", RawApi.Status(first.Batch));
        Assert.Equal(statuses.Count(status => status == "timed_out"), first.Batch["items_failed"]!.GetValue<int>());
        Assert.Equal(statuses.Count(status => status == "succeeded"), first.Batch["items_succeeded"]!.GetValue<int>());
    }
}
