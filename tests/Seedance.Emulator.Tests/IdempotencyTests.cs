using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>The Idempotency-Key rules of runflow-api.md §7, and client_ref duplicates counted but allowed.</summary>
public class IdempotencyTests
{
    [Fact]
    public async Task The_same_key_and_body_replays_the_first_answer_and_creates_nothing_new()
    {
        await using var api = await RawApi.StartAsync(options => options.QueuedMs = 60_000);

        var first = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody, "key-1");
        var replay = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody, "key-1");

        Assert.Equal(201, first.Status);
        Assert.Equal(201, replay.Status);
        Assert.Equal(first.Body!.ToJsonString(), replay.Body!.ToJsonString());
        var stats = api.Emulator.GetStats();
        Assert.Equal(1, stats.RunsCreated);
        Assert.Equal(1, stats.IdempotentReplays);
    }

    [Theory]
    [InlineData(RawApi.TextToVideo, """{"input":{"prompt":"A street musician","duration":"6","resolution":"720p","aspect_ratio":"16:9"}}""")]
    [InlineData(RawApi.FastTextToVideo, RawApi.ValidBody)]
    public async Task The_same_key_with_a_different_request_is_409_conflict(string path, string body)
    {
        await using var api = await RawApi.StartAsync();

        await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody, "key-1");
        var (status, error, _) = await api.PostAsync(path, body, "key-1");

        Assert.Equal(409, status);
        Assert.Equal("CONFLICT", error!["code"]!.GetValue<string>());
        Assert.Equal(1, api.Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_run()
    {
        await using var api = await RawApi.StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody, "same-key")));

        Assert.All(answers, answer => Assert.Equal(201, answer.Status));
        Assert.Single(answers.Select(answer => answer.Body!["id"]!.GetValue<string>()).Distinct());
        Assert.Equal(1, api.Emulator.GetStats().RunsCreated);
        Assert.Equal(15, api.Emulator.GetStats().IdempotentReplays);
    }

    [Fact]
    public async Task A_refused_request_does_not_use_up_its_key()
    {
        await using var api = await RawApi.StartAsync();

        var invalid = await api.PostAsync(RawApi.TextToVideo, """{"input":{"prompt":""}}""", "key-2");
        var corrected = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody, "key-2");

        Assert.Equal(422, invalid.Status);
        Assert.Equal(201, corrected.Status);
    }

    [Fact]
    public async Task Without_a_key_or_with_idempotency_switched_off_every_create_is_new()
    {
        await using var api = await RawApi.StartAsync();

        var plainA = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody);
        var plainB = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody);
        await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody, "key-3");
        api.Emulator.Options.NoIdempotency = true;
        var ignored = await api.PostAsync(RawApi.TextToVideo, RawApi.ValidBody, "key-3");
        var notConflicting = await api.PostAsync(RawApi.TextToVideo, RawApi.Body("changed"), "key-3");

        Assert.NotEqual(plainA.Body!["id"]!.GetValue<string>(), plainB.Body!["id"]!.GetValue<string>());
        Assert.Equal(201, ignored.Status);
        Assert.Equal(201, notConflicting.Status);
        Assert.Equal(5, api.Emulator.GetStats().RunsCreated);
        Assert.Equal(0, api.Emulator.GetStats().IdempotentReplays);
    }

    [Fact]
    public async Task Batches_replay_and_conflict_by_key_too()
    {
        await using var api = await RawApi.StartAsync();
        const string batch = """{"input":[{"prompt":"a","client_ref":"b-1"},{"prompt":"b","client_ref":"b-2"}]}""";

        var first = await api.PostAsync(RawApi.TextBatches, batch, "batch-key");
        var replay = await api.PostAsync(RawApi.TextBatches, batch, "batch-key");
        var conflict = await api.PostAsync(RawApi.TextBatches, batch.Replace("\"a\"", "\"c\""), "batch-key");

        Assert.Equal(201, first.Status);
        Assert.Equal(first.Body!["id"]!.GetValue<string>(), replay.Body!["id"]!.GetValue<string>());
        Assert.Equal(409, conflict.Status);
        Assert.Equal(2, api.Emulator.GetStats().RunsCreated);
        Assert.Equal(1, api.Emulator.GetStats().IdempotentReplays);
    }

    [Fact]
    public async Task Two_runs_may_share_a_client_ref_and_the_duplicate_is_counted()
    {
        await using var api = await RawApi.StartAsync();

        var first = await api.CreateAsync(RawApi.Body(extras: "\"client_ref\":\"row-9\""));
        var second = await api.CreateAsync(RawApi.Body(extras: "\"client_ref\":\"row-9\""));
        await api.CreateAsync(RawApi.Body(extras: "\"client_ref\":\"row-10\""));

        Assert.Equal(new[] { first, second }, api.Emulator.RunIdsForClientRef("row-9"));
        Assert.Equal(new[] { "row-9" }, api.Emulator.GetStats().DuplicateClientRefs);
        Assert.Empty(api.Emulator.RunIdsForClientRef("row-404"));
    }
}
