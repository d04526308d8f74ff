using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Emulator;

/// <summary>
/// Delivers the event envelope to a run's callback_url when it ends: the body frozen at that moment, signed with
/// <c>Runflow-Signature</c> (lowercase hex HMAC-SHA256 of the raw body with the current secret) when the organization
/// has a secret, retried after non-2xx answers, timeouts and connection errors on the configured schedule.
/// </summary>
internal sealed class CallbackDispatcher : IDisposable
{
    private readonly EmulatorOptions options;
    private readonly EmulatorState state;
    private readonly StatsCollector stats;
    private readonly RunRepresentation representation;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<string, JsonArray> history = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private long requestCounter;

    public CallbackDispatcher(EmulatorOptions options, EmulatorState state, StatsCollector stats, RunRepresentation representation)
    {
        this.options = options;
        this.state = state;
        this.stats = stats;
        this.representation = representation;
    }

    public void Enqueue(EmulatedRun run)
    {
        if (string.IsNullOrEmpty(run.CallbackUrl))
        {
            return;
        }

        byte[] body;
        string? secret;
        lock (state.Gate)
        {
            body = Encoding.UTF8.GetBytes(JsonText.Write(Payload(run)));
            secret = state.CallbackSecrets.LastOrDefault();
        }

        _ = Task.Run(() => DeliverAsync(run.Id, run.CallbackUrl!, body, secret));
    }

    public JsonArray History(string runId) =>
        history.TryGetValue(runId, out var deliveries) ? (JsonArray)deliveries.DeepClone() : new JsonArray();

    private JsonObject Payload(EmulatedRun run)
    {
        var eventName = run.Status switch
        {
            "succeeded" => "run.completed",
            "failed" => "run.failed",
            "partial_succeeded" => "run.partial_succeeded",
            _ => "run.cancelled",
        };
        JsonNode? output = run.Status switch
        {
            "succeeded" or "partial_succeeded" => representation.Output(run),
            "failed" => new JsonObject { ["code"] = run.FailureCode, ["message"] = run.FailureMessage, ["errors"] = null },
            _ => null,
        };
        return new JsonObject
        {
            ["event"] = eventName,
            ["run_id"] = run.Id,
            ["status"] = run.Status,
            ["output"] = output,
            ["duration_ms"] = run.CompletedAt is { } done ? (long)(done - run.CreatedAt).TotalMilliseconds : null,
            ["created_at"] = RunRepresentation.Time(run.CreatedAt),
            ["completed_at"] = RunRepresentation.Time(run.CompletedAt),
            ["metadata"] = run.Metadata?.DeepClone(),
        };
    }

    private async Task DeliverAsync(string runId, string url, byte[] body, string? secret)
    {
        var delivery = new JsonObject
        {
            ["id"] = Guid.CreateVersion7().ToString(),
            ["run_id"] = runId,
            ["callback_url"] = url,
            ["payload_bytes"] = body.Length,
            ["payload"] = JsonNode.Parse(body),
            ["is_automatic"] = true,
            ["status_code"] = "pending",
            ["attempt_count"] = 0,
            ["max_attempts"] = options.CallbackRetryDelaysMs.Length + 1,
            ["attempts"] = new JsonArray(),
        };
        history.AddOrUpdate(runId, _ => new JsonArray(delivery), (_, list) =>
        {
            lock (list)
            {
                list.Add(delivery);
            }

            return list;
        });
        var delays = options.CallbackRetryDelaysMs;
        for (var attempt = 1; attempt <= delays.Length + 1 && !stopping.IsCancellationRequested; attempt++)
        {
            int? status = null;
            string? error = null;
            var started = DateTime.UtcNow;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.Add("Runflow-Request-Id", "cb_" + Interlocked.Increment(ref requestCounter).ToString("x8"));
                if (secret is not null)
                {
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
                    request.Headers.Add("Runflow-Signature", Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant());
                }

                using var response = await http.SendAsync(request, stopping.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                error = exception.Message;
            }

            var delivered = status is >= 200 and < 300;
            var last = delivered || attempt == delays.Length + 1;
            stats.CallbackAttempt(delivered, last && !delivered);
            lock (delivery)
            {
                delivery["attempt_count"] = attempt;
                delivery["status_code"] = delivered ? "delivered" : last ? "failed" : "retrying";
                delivery["attempts"]!.AsArray().Add(new JsonObject
                {
                    ["attempt_number"] = attempt,
                    ["status_code"] = status,
                    ["response_time_ms"] = (long)(DateTime.UtcNow - started).TotalMilliseconds,
                    ["error_message"] = error,
                    ["created_at"] = RunRepresentation.Time(started),
                });
            }

            if (delivered)
            {
                return;
            }

            if (!last)
            {
                try
                {
                    await Task.Delay(delays[attempt - 1], stopping.Token).ConfigureAwait(false);
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        http.Dispose();
    }
}
