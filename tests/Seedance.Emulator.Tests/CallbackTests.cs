using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>Callbacks as runflow-api.md §8 documents them, checked at a real receiver on 127.0.0.1.</summary>
public class CallbackTests
{
    private static string Hmac(string secret, byte[] body) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)).ToLowerInvariant();

    [Fact]
    public async Task A_signed_callback_is_retried_after_a_500_and_its_signature_verifies()
    {
        await using var receiver = await CallbackReceiver.StartAsync(refuseFirst: 1);
        await using var api = await RawApi.StartAsync(options => options.CallbackSecret = "whsec_roundtrip");
        var id = await api.CreateAsync(RawApi.Body(extras: $"\"callback_url\":\"{receiver.Url}\",\"metadata\":{{\"row\":3}}"));

        var received = await receiver.WaitForAsync(2);
        var done = await api.GetRunAsync(id);

        Assert.Equal(new[] { 500, 200 }, received.Select(request => request.AnsweredStatus));
        Assert.Equal(received[0].Text, received[1].Text);
        foreach (var request in received)
        {
            Assert.Equal(Hmac("whsec_roundtrip", request.Body), request.Signature);
            Assert.NotEqual(Hmac("whsec_other", request.Body), request.Signature);
            Assert.StartsWith("application/json", request.ContentType);
            Assert.False(string.IsNullOrEmpty(request.RequestId));
            Assert.False(request.HadAuthorization);
        }

        var payload = received[1].Json;
        Assert.Equal("run.completed", payload["event"]!.GetValue<string>());
        Assert.Equal(id, payload["run_id"]!.GetValue<string>());
        Assert.Equal("succeeded", payload["status"]!.GetValue<string>());
        Assert.Equal(new Uri(RawApi.VideoUrl(done)).AbsolutePath, new Uri(payload["output"]!["outputs"]![0]!["url"]!.GetValue<string>()).AbsolutePath);
        Assert.Equal(done["duration_ms"]!.GetValue<long>(), payload["duration_ms"]!.GetValue<long>());
        Assert.Equal(done["created_at"]!.GetValue<string>(), payload["created_at"]!.GetValue<string>());
        Assert.EndsWith("+00:00", payload["completed_at"]!.GetValue<string>());
        Assert.Contains("+00:00", received[1].Text);
        Assert.Equal(3, payload["metadata"]!["row"]!.GetValue<int>());
        Assert.Equal(new[] { "completed_at", "created_at", "duration_ms", "event", "metadata", "output", "run_id", "status" },
            payload.AsObject().Select(pair => pair.Key).OrderBy(key => key, StringComparer.Ordinal));

        await RawApi.EventuallyAsync(() => api.Emulator.GetStats().CallbacksDelivered == 1, "the delivery was counted");
        var stats = api.Emulator.GetStats();
        Assert.Equal(2, stats.CallbacksAttempted);
        Assert.Equal(0, stats.CallbacksFailed);
        var (_, history, _) = await api.GetAsync($"/v1/runs/{id}/callback");
        var delivery = history!.AsArray().Single()!;
        Assert.Equal("delivered", delivery["status_code"]!.GetValue<string>());
        Assert.Equal(2, delivery["attempt_count"]!.GetValue<int>());
        Assert.Equal(new[] { 500, 200 }, delivery["attempts"]!.AsArray().Select(attempt => attempt!["status_code"]!.GetValue<int>()));
        Assert.Equal(received[1].Text, delivery["payload_bytes"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retry_waits_its_delay_on_the_emulator_clock_and_next_attempt_at_says_when()
    {
        await using var receiver = await CallbackReceiver.StartAsync(refuseFirst: 1);
        await using var api = await RawApi.StartOnFakeClockAsync(options =>
        {
            (options.QueuedMs, options.DispatchingMs, options.RunningMs) = (0, 0, 0);
            options.CallbackRetryDelaysMs = new[] { 60_000 };
        });
        var id = await api.CreateAsync(RawApi.Body(extras: $"\"callback_url\":\"{receiver.Url}\""));

        await receiver.WaitForAsync(1);
        await RawApi.EventuallyAsync(() => api.Emulator.GetStats().CallbacksAttempted == 1, "the refused attempt was recorded");
        var (_, waiting, _) = await api.GetAsync($"/v1/runs/{id}/callback");
        api.Advance(59_999);
        var earlyCount = receiver.Received.Count;
        api.Advance(1);
        // Far less than the 60 s delay: the retry must follow the emulator's clock, not the wall clock.
        var received = await receiver.WaitForAsync(2).WaitAsync(TimeSpan.FromSeconds(10));

        var delivery = waiting!.AsArray().Single()!;
        Assert.Equal("retrying", delivery["status_code"]!.GetValue<string>());
        Assert.Equal(RawApi.Stamp(RawApi.FakeStart.AddMinutes(1)), delivery["next_attempt_at"]!.GetValue<string>());
        Assert.Equal(1, earlyCount);
        Assert.Equal(new[] { 500, 200 }, received.Select(request => request.AnsweredStatus));
    }

    [Fact]
    public async Task Without_a_secret_there_is_no_signature_and_a_new_secret_signs_later_callbacks()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var api = await RawApi.StartAsync();

        await api.CreateAsync(RawApi.Body(extras: $"\"callback_url\":\"{receiver.Url}\""));
        var unsigned = (await receiver.WaitForAsync(1))[0];
        var (_, secret, _) = await api.PostAsync("/v1/callback-secrets", """{"label":"rotation"}""");
        await api.CreateAsync(RawApi.Body(extras: $"\"callback_url\":\"{receiver.Url}\""));
        var signed = (await receiver.WaitForAsync(2))[1];

        Assert.Equal(string.Empty, unsigned.Signature);
        Assert.Equal(Hmac(secret!["plain_secret"]!.GetValue<string>(), signed.Body), signed.Signature);
    }

    [Fact]
    public async Task Failed_and_cancelled_runs_call_back_with_their_own_events()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var api = await RawApi.StartAsync();

        var failed = await api.CreateAsync(RawApi.Body("bad [fail]", $"\"callback_url\":\"{receiver.Url}\""));
        await receiver.WaitForAsync(1);
        api.Emulator.Options.QueuedMs = 60_000;
        var cancelled = await api.CreateAsync(RawApi.Body(extras: $"\"callback_url\":\"{receiver.Url}\""));
        await api.PostAsync($"/v1/admin/runs/{cancelled}/cancellation", "{}");
        var received = await receiver.WaitForAsync(2);
        await api.PostAsync($"/v1/admin/runs/{cancelled}/cancellation", "{}");

        var failure = received[0].Json;
        Assert.Equal("run.failed", failure["event"]!.GetValue<string>());
        Assert.Equal(failed, failure["run_id"]!.GetValue<string>());
        Assert.Equal("PROVIDER_ERROR", failure["output"]!["code"]!.GetValue<string>());
        var cancel = received[1].Json;
        Assert.Equal("run.cancelled", cancel["event"]!.GetValue<string>());
        Assert.Equal("canceled", cancel["status"]!.GetValue<string>());
        Assert.Null(cancel["output"]);
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task A_receiver_that_never_accepts_is_given_up_after_the_last_retry()
    {
        await using var receiver = await CallbackReceiver.StartAsync(refuseFirst: 100);
        await using var api = await RawApi.StartAsync(options => options.CallbackRetryDelaysMs = new[] { 10, 10, 10 });

        var id = await api.CreateAsync(RawApi.Body(extras: $"\"callback_url\":\"{receiver.Url}\""));
        await RawApi.EventuallyAsync(() => api.Emulator.GetStats().CallbacksFailed == 1, "the callback was given up");
        var (_, history, _) = await api.GetAsync($"/v1/runs/{id}/callback");

        Assert.Equal(4, receiver.Received.Count);
        Assert.Equal(4, api.Emulator.GetStats().CallbacksAttempted);
        Assert.Equal("failed", history![0]!["status_code"]!.GetValue<string>());
        Assert.Equal(4, history[0]!["max_attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unreachable_receiver_counts_as_a_failed_attempt()
    {
        await using var api = await RawApi.StartAsync(options => options.CallbackRetryDelaysMs = new[] { 10 });
        int closedPort;
        await using (var gone = await CallbackReceiver.StartAsync())
        {
            closedPort = gone.Url.Port;
        }

        var id = await api.CreateAsync(RawApi.Body(extras: $"\"callback_url\":\"http://127.0.0.1:{closedPort}/hook\""));
        await RawApi.EventuallyAsync(() => api.Emulator.GetStats().CallbacksFailed == 1, "the callback was given up");
        var (_, history, _) = await api.GetAsync($"/v1/runs/{id}/callback");

        var attempt = history![0]!["attempts"]![0]!;
        Assert.Null(attempt["status_code"]);
        Assert.False(string.IsNullOrEmpty(attempt["error_message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_finished_batch_calls_back_once_with_its_batch_id()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var api = await RawApi.StartAsync();

        var (_, batch, _) = await api.PostAsync(RawApi.TextBatches, $$$"""{"input":[{"prompt":"a"},{"prompt":"b [fail]"}],"callback_url":"{{{receiver.Url}}}"}""");
        var received = await receiver.WaitForAsync(3);
        await Task.Delay(100);

        var batchCallbacks = receiver.Received.Select(request => request.Json).Where(json => json["batch_id"] is not null).ToList();
        var single = Assert.Single(batchCallbacks);
        Assert.Equal(batch!["id"]!.GetValue<string>(), single["batch_id"]!.GetValue<string>());
        Assert.Equal("batch.partial_succeeded", single["event"]!.GetValue<string>());
        Assert.Equal(1, single["output"]!["succeeded"]!.GetValue<int>());
        Assert.Equal(1, single["output"]!["failed"]!.GetValue<int>());
        Assert.Equal(2, single["output"]!["total"]!.GetValue<int>());
        Assert.Equal(2, receiver.Received.Count(request => request.Json["run_id"] is not null));
        Assert.Equal(3, received.Count);
    }

    [Fact]
    public async Task A_finished_run_can_be_redelivered_and_the_history_records_both()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var api = await RawApi.StartAsync();
        var id = await api.CreateAsync(RawApi.Body(extras: $"\"callback_url\":\"{receiver.Url}\""));
        await receiver.WaitForAsync(1);

        var (status, delivery, _) = await api.PostAsync($"/v1/runs/{id}/callback-redeliveries", "{}");
        await receiver.WaitForAsync(2);
        var noCallback = await api.CreateAsync();
        await api.WaitTerminalAsync(noCallback);
        var refused = await api.PostAsync($"/v1/runs/{noCallback}/callback-redeliveries", "{}");
        await RawApi.EventuallyAsync(() => api.Emulator.GetStats().CallbacksDelivered == 2, "both deliveries were counted");
        var (_, history, _) = await api.GetAsync($"/v1/runs/{id}/callback");

        Assert.Equal(201, status);
        Assert.False(delivery!["is_automatic"]!.GetValue<bool>());
        Assert.Equal(422, refused.Status);
        Assert.Equal(new[] { true, false }, history!.AsArray().Select(item => item!["is_automatic"]!.GetValue<bool>()));
        Assert.All(history.AsArray(), item => Assert.Equal("delivered", item!["status_code"]!.GetValue<string>()));
    }
}
