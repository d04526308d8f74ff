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
    /// <summary>
    /// Creates up to 100 runs with one request (<c>POST /v1/models/{model}/batches</c>). The docs confirm Idempotency-Key
    /// on this route, and it is sent (derived from the body when every item has the caller's client ref); still, as with
    /// single creates, a lost answer is first reconciled: the first item's client ref is looked up, and if its run exists
    /// the batch it belongs to is read and adopted instead of sending the batch again. Only template-backed models take
    /// batches: the 4xx such a model answers is thrown for the caller to fall back to single creates.
    /// </summary>
    public async Task<BatchCreateResult> CreateBatchAsync(string model, IReadOnlyList<CreateRunRequest> items, CancellationToken cancellationToken = default)
    {
        Submission.BatchRule.RequireOneBatch(model, items);
        var shared = items[0];

        var normalized = SeedanceModels.Normalize(model);
        var path = "v1/models/" + EncodeModelPath(normalized) + "/batches";
        var clientRefs = items.Select(item => string.IsNullOrWhiteSpace(item.ClientRef) ? IdempotencyKeys.NewClientRef() : item.ClientRef!.Trim()).ToList();
        clientRefs.ForEach(SeedanceInputValidator.RequireClientRef);
        SeedanceInputValidator.RequireCallbackUrl(shared.CallbackUrl);
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
                var (batchId, runIds) = ParseBody(response, root => ReadBatch(root, clientRefs), "the created batch");
                return await CompleteBatchAsync(batchId, runIds, clientRefs, CreateRunOutcome.Created, cancellationToken).ConfigureAwait(false);
            }

            if (response.StatusCode == 409)
            {
                // A duplicate or an in-flight request with the same key: the batch may exist already.
                var existing = await ReconcileBatchAsync(clientRefs, idempotencyKey, ToException(HttpMethod.Post, path, response), cancellationToken)
                    .ConfigureAwait(false);
                return existing ?? throw ToException(HttpMethod.Post, path, response);
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
                    var (batchId, runIds) = ParseBody(batch, root => ReadBatch(root, clientRefs), "the batch");
                    return await CompleteBatchAsync(batchId, runIds, clientRefs, CreateRunOutcome.AdoptedExisting, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RunflowException lookupFailure)
            {
                throw new RunflowCreateOutcomeUnknownException(clientRefs[0], idempotencyKey, new AggregateException(cause, lookupFailure));
            }

            if (look == 1)
            {
                await options.Clock.Delay(options.Polling.ReconcileLookupDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>The run ids of a batch answer (create or read), one per client ref in order; null where not known yet.</summary>
    internal string?[] ParseBatchAnswer(string json, IReadOnlyList<string> clientRefs) =>
        ParseBody(new ApiResponse(200, json, null, null), root => ReadBatch(root, clientRefs), "the batch").RunIds;

    /// <summary>
    /// Pairs the batch's items with the inputs sent. The docs list <c>items[]</c> as {id, sequence_index, run_id,
    /// status_code, client_ref} but say neither where sequence_index starts nor when run_id is set, so items are matched
    /// by the client ref each input carried, then by sequence_index (0- or 1-based, whichever fits), then by position;
    /// an item may still lack its run id (null here) and is resolved by the caller.
    /// </summary>
    internal static (string BatchId, string?[] RunIds) ReadBatch(JsonElement root, IReadOnlyList<string> clientRefs)
    {
        var batchId = JsonValues.String(root, "id", "batch_id") ?? throw new RunflowProtocolException("The batch has no id.");
        var items = new List<(int? Index, string? RunId, string? ClientRef)>();
        if (JsonValues.TryGet(root, "items", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            items.AddRange(list.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.Object)
                .Select(item => (JsonValues.Int(item, "sequence_index"), JsonValues.String(item, "run_id"), JsonValues.String(item, "client_ref"))));
        }

        var runIds = new string?[clientRefs.Count];
        var indexes = items.Select(item => item.Index).ToList();
        var oneBased = indexes.All(index => index is not null) && indexes.Count > 0 && indexes.Min() == 1 && indexes.Max() == clientRefs.Count;

        // Items that name their client ref are placed by it alone, before the others take their index or position.
        foreach (var (_, runId, itemRef) in items)
        {
            if (runId is not null && itemRef is not null)
            {
                var input = Enumerable.Range(0, clientRefs.Count).Where(index => runIds[index] is null && clientRefs[index] == itemRef)
                    .DefaultIfEmpty(-1).First();
                if (input >= 0)
                {
                    runIds[input] = runId;
                }
            }
        }

        for (var item = 0; item < items.Count; item++)
        {
            if (items[item].RunId is not { } runId || items[item].ClientRef is not null)
            {
                continue;
            }

            var position = items[item].Index is { } index ? (oneBased ? index - 1 : index) : (items.Count == clientRefs.Count ? item : -1);
            if (position >= 0 && position < clientRefs.Count && runIds[position] is null)
            {
                runIds[position] = runId;
            }
        }

        return (batchId, runIds);
    }

    /// <summary>
    /// Gives every input of a paid batch its run: items still without a run id are read again from the batch, then
    /// looked up by client ref. Failing that, the error names the batch, which exists and must not be sent again.
    /// </summary>
    private async Task<BatchCreateResult> CompleteBatchAsync(string batchId, string?[] runIds, IReadOnlyList<string> clientRefs,
        CreateRunOutcome outcome, CancellationToken cancellationToken)
    {
        for (var look = 1; look <= 3 && runIds.Any(id => id is null); look++)
        {
            await options.Clock.Delay(options.Polling.ReconcileLookupDelay, cancellationToken).ConfigureAwait(false);
            try
            {
                var again = await SendAsync(HttpMethod.Get, "v1/batches/" + Uri.EscapeDataString(batchId), null, null, cancellationToken).ConfigureAwait(false);
                var (_, reread) = ParseBody(again, root => ReadBatch(root, clientRefs), "the batch");
                for (var index = 0; index < runIds.Length; index++)
                {
                    runIds[index] ??= reread[index];
                }

                for (var index = 0; index < runIds.Length && look == 3; index++)
                {
                    if (runIds[index] is null)
                    {
                        runIds[index] = (await FindRunsByClientRefAsync(clientRefs[index], cancellationToken).ConfigureAwait(false))
                            .FirstOrDefault(run => run.BatchId is null || run.BatchId == batchId)?.Id;
                    }
                }
            }
            catch (RunflowException)
            {
                // A batch or search not readable yet: the next look tries again, and the error below names the batch.
            }
        }

        var missing = Enumerable.Range(0, runIds.Length).Where(index => runIds[index] is null).Select(index => clientRefs[index]).ToList();
        if (missing.Count > 0)
        {
            throw new RunflowProtocolException(
                $"Batch {batchId} was created, but the runs of {missing.Count} input(s) could not be identified yet (client refs: " +
                string.Join(", ", missing.Take(5)) + (missing.Count > 5 ? ", ..." : string.Empty) +
                "). Do not send them again: look them up by client ref later.");
        }

        return new BatchCreateResult(batchId, runIds.Select((runId, index) => new BatchItem(index, runId!, clientRefs[index])).ToList(), outcome);
    }

    /// <summary>Reads many runs whole with as few searches as possible (40 ids each), in the order asked.</summary>
    public async Task<IReadOnlyList<Run>> GetRunsAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, Run>(StringComparer.Ordinal);
        var chunk = options.Polling.IdsPerSearch;
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
