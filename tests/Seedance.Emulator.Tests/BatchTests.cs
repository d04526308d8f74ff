using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary><c>POST /v1/models/{model}/batches</c> and <c>GET /v1/batches/{id}</c>.</summary>
public class BatchTests
{
    [Fact]
    public async Task A_batch_makes_one_run_per_item_in_order_and_reports_their_progress()
    {
        await using var api = await RawApi.StartAsync(options => options.QueuedMs = 60_000);

        var (status, batch, _) = await api.PostAsync(RawApi.TextBatches,
            """{"input":[{"prompt":"one","client_ref":"b-1"},{"prompt":"two [fail]","duration":"4","client_ref":"b-2"},{"prompt":"three"}],"metadata":{"job":7}}""");
        var id = batch!["id"]!.GetValue<string>();
        var (_, queued, _) = await api.GetAsync("/v1/batches/" + id);
        api.Emulator.Options.QueuedMs = 0;
        var items = batch["items"]!.AsArray();
        foreach (var item in items)
        {
            await api.WaitTerminalAsync(item!["run_id"]!.GetValue<string>());
        }

        var (_, done, _) = await api.GetAsync("/v1/batches/" + id);
        var firstRun = await api.GetRunAsync(items[0]!["run_id"]!.GetValue<string>());

        Assert.Equal(201, status);
        Assert.Equal("queued", RawApi.Status(batch));
        Assert.Equal(3, batch["items_total"]!.GetValue<int>());
        Assert.Equal(new[] { 0, 1, 2 }, items.Select(item => item!["sequence_index"]!.GetValue<int>()));
        Assert.Equal("b-1", items[0]!["client_ref"]!.GetValue<string>());
        Assert.Null(items[2]!["client_ref"]);
        Assert.Equal("queued", RawApi.Status(queued!));
        Assert.Equal("partial_succeeded", RawApi.Status(done!));
        Assert.Equal(2, done!["items_succeeded"]!.GetValue<int>());
        Assert.Equal(1, done["items_failed"]!.GetValue<int>());
        Assert.Equal(new[] { "succeeded", "failed", "succeeded" }, RawApi.Strings(done["items"], "status_code"));
        Assert.Equal("3.034", done["cost"]!.GetValue<string>());
        Assert.NotNull(done["completed_at"]);
        Assert.Equal(id, firstRun["batch_id"]!.GetValue<string>());
        Assert.Equal("b-1", firstRun["client_ref"]!.GetValue<string>());
        Assert.Equal("""{"prompt":"one"}""", firstRun["input"]!.ToJsonString());
        Assert.Equal(7, firstRun["metadata"]!["job"]!.GetValue<int>());
        Assert.Equal(new[] { items[0]!["run_id"]!.GetValue<string>() }, api.Emulator.RunIdsForClientRef("b-1"));
        Assert.Equal(1, api.Emulator.GetStats().BatchesCreated);
    }

    [Fact]
    public async Task A_batch_whose_runs_all_succeed_is_succeeded()
    {
        await using var api = await RawApi.StartAsync();

        var (_, batch, _) = await api.PostAsync(RawApi.TextBatches, """{"input":[{"prompt":"one"},{"prompt":"two"}]}""");
        foreach (var runId in RawApi.Strings(batch!["items"], "run_id"))
        {
            await api.WaitTerminalAsync(runId);
        }

        var (_, done, _) = await api.GetAsync("/v1/batches/" + batch["id"]!.GetValue<string>());

        Assert.Equal("succeeded", RawApi.Status(done!));
        Assert.Equal(2, done!["output"]!["succeeded"]!.GetValue<int>());
        Assert.Equal(2, done["output"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_batch_guide_shape_with_items_is_accepted_too()
    {
        await using var api = await RawApi.StartAsync();

        var (status, batch, _) = await api.PostAsync(RawApi.TextBatches, """{"items":[{"input":{"prompt":"one"},"client_ref":"g-1"},{"input":{"prompt":"two"}}]}""");

        Assert.Equal(201, status);
        Assert.Equal("g-1", batch!["items"]![0]!["client_ref"]!.GetValue<string>());
        Assert.Equal(2, api.Emulator.GetStats().RunsCreated);
    }

    private const string ReferenceBody = """{"input":[{"prompt":"one","client_ref":"r-1"}],"callback_url":"https://hooks.example.test/b"}""";

    private const string GuideBody = """{"items":[{"input":{"prompt":"one"},"client_ref":"r-1"}],"callback_url":"https://hooks.example.test/b"}""";

    [Theory]
    [InlineData(null, ReferenceBody, 201, null)]
    [InlineData(null, GuideBody, 201, null)]
    [InlineData("both", ReferenceBody, 201, null)]
    [InlineData("both", GuideBody, 201, null)]
    [InlineData("reference", ReferenceBody, 201, null)]
    [InlineData("reference", GuideBody, 422, "items")]
    [InlineData("guide", GuideBody, 201, null)]
    [InlineData("guide", ReferenceBody, 422, "input")]
    public async Task The_batch_shape_option_takes_the_reference_body_the_guide_body_or_both(string? shape, string body, int expected, string? refusedField)
    {
        await using var api = await RawApi.StartAsync(options =>
        {
            if (shape is not null)
            {
                options.BatchShape = shape;
            }
        });

        var (status, answer, _) = await api.PostAsync(RawApi.TextBatches, body);

        Assert.Equal(expected, status);
        if (refusedField is null)
        {
            Assert.Equal("r-1", answer!["items"]![0]!["client_ref"]!.GetValue<string>());
            Assert.Equal("https://hooks.example.test/b", answer["callback_url"]!.GetValue<string>());
            Assert.Equal(1, api.Emulator.GetStats().RunsCreated);
        }
        else
        {
            Assert.Contains(refusedField, RawApi.Strings(answer!["errors"], "field"));
            Assert.Equal(0, api.Emulator.GetStats().RunsCreated);
        }
    }

    [Theory]
    [InlineData("""{"input":[]}""", "input")]
    [InlineData("""{"input":{"prompt":"x"}}""", "input")]
    [InlineData("""{"input":[{"prompt":"ok"},{"prompt":"x","duration":5}]}""", "input[1].duration")]
    [InlineData("""{"input":[{"prompt":""}]}""", "input[0].prompt")]
    [InlineData("""{"input":[{"prompt":"x","client_ref":7}]}""", "input[0].client_ref")]
    [InlineData("""{"input":["x"]}""", "input[0]")]
    [InlineData("""{"input":[{"prompt":"x"}],"callback_url":"mailto:a@b.test"}""", "callback_url")]
    [InlineData("""{"input":[{"prompt":"x"}],"metadata":5}""", "metadata")]
    [InlineData("""{"input":[{"prompt":"x"}],"priority":1}""", "priority")]
    [InlineData("""{"items":[{"input":{"prompt":"x","resolution":"2k"}}]}""", "items[0].input.resolution")]
    public async Task Invalid_batches_are_422_naming_the_item_and_create_nothing(string body, string field)
    {
        await using var api = await RawApi.StartAsync();

        var (status, error, _) = await api.PostAsync(RawApi.TextBatches, body);

        Assert.Equal(422, status);
        Assert.Contains(field, RawApi.Strings(error!["errors"], "field"));
        Assert.Equal(0, api.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task A_batch_of_more_than_100_items_is_refused()
    {
        await using var api = await RawApi.StartAsync();
        var items = string.Join(",", Enumerable.Repeat("""{"prompt":"x"}""", 101));

        var (status, _, _) = await api.PostAsync(RawApi.TextBatches, "{\"input\":[" + items + "]}");

        Assert.Equal(422, status);
    }

    [Fact]
    public async Task With_batches_switched_off_the_route_answers_422_and_unknown_batches_are_404()
    {
        await using var api = await RawApi.StartAsync(options => options.NoBatches = true);

        var refused = await api.PostAsync(RawApi.TextBatches, """{"input":[{"prompt":"x"}]}""");
        var missing = await api.GetAsync("/v1/batches/" + Guid.NewGuid());

        Assert.Equal(422, refused.Status);
        Assert.Equal(404, missing.Status);
        Assert.Equal(0, api.Emulator.GetStats().RunsCreated);
    }
}
