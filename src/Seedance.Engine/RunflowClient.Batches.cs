using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

public sealed partial class RunflowClient
{
    public const int MaxBatchItems = 100;

    /// <summary>
    /// Creates up to 100 runs with one request (<c>POST /v1/models/{model}/batches</c>). The docs confirm Idempotency-Key
    /// on this route, and it is sent (derived from the body when every item has the caller's client ref); still, as with
    /// single creates, a lost answer is first reconciled: the first item's client ref is looked up, and if its run exists
    /// the batch it belongs to is read and adopted instead of sending the batch again. Only template-backed models take
    /// batches: the 4xx such a model answers is thrown for the caller to fall back to single creates.
    /// </summary>
    public async Task<BatchCreateResult> CreateBatchAsync(string model, IReadOnlyList<CreateRunRequest> items, CancellationToken cancellationToken = default)
    {
        if (items is null || items.Count == 0 || items.Count > MaxBatchItems)
        {
            throw new RunflowValidationException("input", items?.Count, $"A batch takes 1 to {MaxBatchItems} inputs.");
        }

        var shared = items[0];
        if (items.Any(item => item.CallbackUrl != shared.CallbackUrl
                              || PlainJson.Serialize(item.Metadata, sortKeys: true) != PlainJson.Serialize(shared.Metadata, sortKeys: true)))
        {
            throw new RunflowValidationException("input", null, "All inputs of a batch must share one callback URL and one metadata object.");
        }

        var normalized = SeedanceModels.Normalize(model);
        var path = "v1/models/" + EncodeModelPath(normalized) + "/batches";
        var clientRefs = items.Select(item => string.IsNullOrWhiteSpace(item.ClientRef) ? IdempotencyKeys.NewClientRef() : item.ClientRef!.Trim()).ToList();
        var inputs = items.Select((item, index) =>
        {
            var input = new Dictionary<string, object?>(item.Input ?? new Dictionary<string, object?>(), StringComparer.Ordinal)
            {
                ["client_ref"] = clientRefs[index],
            };
            return (object?)input;
        }).ToList();
        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["input"] = inputs };
        if (shared.CallbackUrl is not null)
        {
            body["callback_url"] = shared.CallbackUrl;
        }

        if (shared.Metadata is not null)
        {
            body["metadata"] = shared.Metadata;
        }

        var bodyBytes = PlainJson.SerializeToUtf8(body);
        var idempotencyKey = items.All(item => !string.IsNullOrWhiteSpace(item.ClientRef))
            ? IdempotencyKeys.Derive(normalized + "/batches", PlainJson.SerializeToUtf8(body, sortKeys: true))
            : IdempotencyKeys.Random();
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey };
        var maxAttempts = Math.Max(1, options.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            ApiResponse response;
            try
            {
                response = await SendOnceAsync(HttpMethod.Post, path, bodyBytes, headers, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (RunflowTransportException failure) when (!cancellationToken.IsCancellationRequested)
            {
                var adopted = await ReconcileBatchAsync(clientRefs, idempotencyKey, failure, cancellationToken).ConfigureAwait(false);
                if (adopted is not null)
                {
                    return adopted;
                }

                if (attempt >= maxAttempts)
                {
                    throw;
                }

                await WaitBeforeRetryAsync(HttpMethod.Post, path, attempt + 1, null, failure.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccess)
            {
                return ParseBody(response, root => ReadBatch(root, clientRefs, CreateRunOutcome.Created), "the created batch");
            }

            if (!response.IsTransient)
            {
                throw ToException(HttpMethod.Post, path, response);
            }

            if (response.StatusCode != 429)
            {
                var adopted = await ReconcileBatchAsync(clientRefs, idempotencyKey, ToException(HttpMethod.Post, path, response), cancellationToken)
                    .ConfigureAwait(false);
                if (adopted is not null)
                {
                    return adopted;
                }
            }

            if (attempt >= maxAttempts)
            {
                throw ToException(HttpMethod.Post, path, response);
            }

            await WaitBeforeRetryAsync(HttpMethod.Post, path, attempt + 1, response.RetryAfter, $"status {response.StatusCode}", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task<BatchCreateResult?> ReconcileBatchAsync(IReadOnlyList<string> clientRefs, string idempotencyKey, Exception cause,
        CancellationToken cancellationToken)
    {
        for (var look = 1; look <= 2; look++)
        {
            try
            {
                var first = (await FindRunsByClientRefAsync(clientRefs[0], cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(run => run.BatchId is not null);
                if (first is not null)
                {
                    var batch = await SendAsync(HttpMethod.Get, "v1/batches/" + Uri.EscapeDataString(first.BatchId!), null, null, cancellationToken)
                        .ConfigureAwait(false);
                    return ParseBody(batch, root => ReadBatch(root, clientRefs, CreateRunOutcome.AdoptedExisting), "the batch");
                }
            }
            catch (RunflowException lookupFailure)
            {
                throw new RunflowCreateOutcomeUnknownException(clientRefs[0], idempotencyKey, new AggregateException(cause, lookupFailure));
            }

            if (look == 1)
            {
                await Task.Delay(options.Polling.ReconcileLookupDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    private static BatchCreateResult ReadBatch(JsonElement root, IReadOnlyList<string> clientRefs, CreateRunOutcome outcome)
    {
        var batchId = JsonValues.String(root, "id", "batch_id") ?? throw new RunflowProtocolException("The batch has no id.");
        if (!JsonValues.TryGet(root, "items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new RunflowProtocolException("The batch has no items.");
        }

        var byIndex = new Dictionary<int, BatchItem>();
        foreach (var item in items.EnumerateArray())
        {
            var index = JsonValues.Int(item, "sequence_index") ?? byIndex.Count;
            var runId = JsonValues.String(item, "run_id") ?? throw new RunflowProtocolException("A batch item has no run_id.");
            byIndex[index] = new BatchItem(index, runId, JsonValues.String(item, "client_ref") ?? (index < clientRefs.Count ? clientRefs[index] : string.Empty));
        }

        if (byIndex.Count != clientRefs.Count || Enumerable.Range(0, clientRefs.Count).Any(index => !byIndex.ContainsKey(index)))
        {
            throw new RunflowProtocolException($"The batch lists {byIndex.Count} items for {clientRefs.Count} inputs.");
        }

        return new BatchCreateResult(batchId, Enumerable.Range(0, clientRefs.Count).Select(index => byIndex[index]).ToList(), outcome);
    }

    /// <summary>Reads many runs whole with as few searches as possible (40 ids each), in the order asked.</summary>
    public async Task<IReadOnlyList<Run>> GetRunsAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, Run>(StringComparer.Ordinal);
        var chunk = Math.Max(1, options.Polling.MaxIdsPerSearch);
        for (var start = 0; start < runIds.Count; start += chunk)
        {
            var ids = runIds.Skip(start).Take(chunk).ToList();
            try
            {
                var page = await SearchRunsAsync(new RunSearchRequest { Query = RunQuery.ForIds(ids), Limit = ids.Count }, cancellationToken).ConfigureAwait(false);
                foreach (var run in page.Items.Where(run => ids.Contains(run.Id)))
                {
                    found[run.Id] = run;
                }
            }
            catch (RunflowApiException exception) when (exception.StatusCode is 400 or 404 or 405 or 422 or 501)
            {
                // A search that refuses the filter: the runs are read one by one below.
            }

            foreach (var missing in ids.Where(id => !found.ContainsKey(id)))
            {
                found[missing] = await GetRunAsync(missing, cancellationToken).ConfigureAwait(false);
            }
        }

        return runIds.Select(id => found[id]).ToList();
    }
}
