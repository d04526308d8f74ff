using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Emulator;

/// <summary>
/// Delivers event envelopes to callback URLs: the body frozen when the run (or batch) ends, signed with
/// <c>Runflow-Signature</c> (lowercase hex HMAC-SHA256 of the raw body, keyed with the current secret's plain secret)
/// when the organization has a secret, and retried after non-2xx answers, timeouts and connection errors on the
/// configured schedule, then given up.
/// </summary>
internal sealed class CallbackDispatcher : IDisposable
{
    /// <summary>The docs only say handlers should answer "within a few seconds"; the real per-attempt timeout is unknown.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private readonly EmulatorOptions options;
    private readonly EmulatorState state;
    private readonly StatsCollector stats;
    private readonly RunRepresentation runs;
    private readonly BatchRepresentation batches;
    private readonly TimeProvider clock;
    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5), Proxy = new LoopbackBypassProxy() })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private readonly ConcurrentDictionary<string, List<CallbackDelivery>> history = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> inFlight = new();
    private readonly CancellationTokenSource stopping = new();
    private long requestCounter;

    public CallbackDispatcher(EmulatorOptions options, EmulatorState state, StatsCollector stats, RunRepresentation runs, BatchRepresentation batches,
        TimeProvider clock)
    {
        this.clock = clock;
        this.options = options;
        this.state = state;
        this.stats = stats;
        this.runs = runs;
        this.batches = batches;
    }

    /// <summary>Queues the callback of a run that just ended (or is redelivered); call under the state lock so the
    /// payload is frozen at that moment. Null when the run has no callback_url.</summary>
    public CallbackDelivery? EnqueueRun(EmulatedRun run, bool isAutomatic = true) =>
        Enqueue("run_id", run.Id, run.CallbackUrl, runs.RunCallback(run), isAutomatic);

    /// <summary>Queues the callback of a batch whose last run just ended; call under the state lock.</summary>
    public CallbackDelivery? EnqueueBatch(EmulatedBatch batch) =>
        Enqueue("batch_id", batch.Id, batch.CallbackUrl, batches.Callback(batch), isAutomatic: true);

    /// <summary>Queues the callbacks of runs that just ended and of the batches they finished; call under the state lock.</summary>
    public void EnqueueEnded(IEnumerable<EmulatedRun> ended, IEnumerable<EmulatedBatch> finishedBatches)
    {
        foreach (var run in ended)
        {
            EnqueueRun(run);
        }

        foreach (var batch in finishedBatches)
        {
            EnqueueBatch(batch);
        }
    }

    /// <summary>Freezes the payload now and delivers it in the background; nothing happens without a URL.</summary>
    private CallbackDelivery? Enqueue(string subjectField, string subjectId, string? url, JsonObject payload, bool isAutomatic = true)
    {
        if (string.IsNullOrEmpty(url) || stopping.IsCancellationRequested)
        {
            return null;
        }

        var body = Encoding.UTF8.GetBytes(JsonText.Write(payload));
        var secret = state.CurrentCallbackSecret;
        // The schedule is fixed per delivery, so max_attempts stays true even if the option changes meanwhile.
        var delays = options.CallbackRetryDelaysMs.ToArray();
        var delivery = new CallbackDelivery(state.Ids.NewId(), subjectField, subjectId, url, body, secret?.Id, isAutomatic, delays.Length + 1,
            clock.GetUtcNow());
        var deliveries = history.GetOrAdd(subjectId, _ => new List<CallbackDelivery>());
        lock (deliveries)
        {
            deliveries.Add(delivery);
        }

        var task = Task.Run(() => DeliverAsync(delivery, secret?.Secret, delays));
        inFlight[task] = true;
        task.ContinueWith(finished => inFlight.TryRemove(finished, out _), TaskScheduler.Default);
        return delivery;
    }

    public JsonArray History(string subjectId)
    {
        if (!history.TryGetValue(subjectId, out var deliveries))
        {
            return new JsonArray();
        }

        lock (deliveries)
        {
            return new JsonArray(deliveries.Select(delivery => (JsonNode)delivery.ToJson()).ToArray());
        }
    }

    private async Task DeliverAsync(CallbackDelivery delivery, string? secret, int[] delays)
    {
        for (var attempt = 1; attempt <= delays.Length + 1; attempt++)
        {
            int? status = null;
            string? responseBody = null;
            string? error = null;
            var started = clock.GetUtcNow();
            try
            {
                using var deadline = new CancellationTokenSource(AttemptTimeout, clock);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, deadline.Token);
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("Runflow-Request-Id", "cb_" + Interlocked.Increment(ref requestCounter).ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Runflow-Emulator", "1.0"));
                if (secret is not null)
                {
                    request.Headers.Add("Runflow-Signature", Sign(secret, delivery.Body));
                }

                using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                responseBody = text.Length > 1024 ? text[..1024] : text;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                error = exception is OperationCanceledException ? $"No answer within {AttemptTimeout.TotalSeconds:0} s." : exception.Message;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var delivered = status is >= 200 and < 300;
            var last = delivered || attempt == delays.Length + 1;
            var now = clock.GetUtcNow();
            Task? pause = null;
            if (!last)
            {
                try
                {
                    // Set before the attempt is recorded, so whoever sees the attempt (a test moving a fake clock on)
                    // also finds the retry's timer running.
                    pause = Task.Delay(TimeSpan.FromMilliseconds(delays[attempt - 1]), clock, stopping.Token);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }

            delivery.RecordAttempt(state.Ids.NewId(), started, now, status, responseBody, error, delivered, last ? null : now.AddMilliseconds(delays[attempt - 1]));
            stats.CallbackAttempt(delivered, last && !delivered);
            if (pause is null)
            {
                return;
            }

            try
            {
                await pause.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>Lowercase hex HMAC-SHA256 of the raw body, keyed with the secret's UTF-8 bytes (runflow-api.md §8).</summary>
    public static string Sign(string secret, byte[] body) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)).ToLowerInvariant();

    public void Dispose()
    {
        stopping.Cancel();
        try
        {
            Task.WaitAll(inFlight.Keys.ToArray(), TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Deliveries end on cancellation; anything else they threw has nobody left to report to.
        }

        http.Dispose();
        stopping.Dispose();
    }
}
