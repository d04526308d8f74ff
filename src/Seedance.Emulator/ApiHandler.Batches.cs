using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

internal sealed partial class ApiHandler
{
    /// <summary>
    /// <c>POST /v1/models/{model}/batches</c>: one run per item, each carrying the batch id, the item's client_ref and
    /// the batch's callback_url and metadata. Each run calls back when it ends, and the batch calls back once (with
    /// <c>batch_id</c>) when its last run ends; the docs do not say whether item runs call back on their own, and a
    /// receiver deduping on run_id/batch_id copes with both.
    /// </summary>
    private async Task CreateBatch(HttpContext context, string[] segments)
    {
        var model = ModelOf(segments, 1);
        if (!ModelCatalog.IsKnown(model))
        {
            await Error(context, 404, "MODEL_NOT_FOUND", $"No model '{model}'.");
            return;
        }

        if (options.NoBatches)
        {
            await Error(context, 422, "VALIDATION_ERROR", $"{model} does not support batches: only template-backed models do.",
                new[] { ("model", "batches are not supported for this model", "unsupported") });
            return;
        }

        var create = await ReadCreateAsync(context);
        if (create is null)
        {
            return;
        }

        var (body, key, fingerprint, hold) = create.Value;
        using var _ = hold;

        CreateOutcome outcome;
        lock (state.Gate)
        {
            if (Replayed(key, fingerprint) is { } replay)
            {
                outcome = replay;
            }
            else
            {
                var problems = InputRules.ValidateBatch(model, body, AssetExists, options.BatchShape, out var items);
                outcome = Decide(problems, () =>
                {
                    var root = (JsonObject)body!;
                    var batch = NewBatch(model, items, JsonRead.String(root["callback_url"]), root["metadata"], (string)context.Items["request_id"]!);
                    return representation.Batch(batch);
                }, key, fingerprint);
            }
        }

        await AnswerCreateAsync(context, outcome, "Some batch items are invalid", hold);
    }

    /// <summary>Creates a batch and its runs; call under the state lock.</summary>
    private EmulatedBatch NewBatch(string model, List<(JsonObject Input, string? ClientRef)> items, string? callbackUrl, JsonNode? metadata, string requestId)
    {
        var batchId = state.Ids.NewId();
        var createdAt = clock.GetUtcNow();
        var entries = items.Select((item, index) => new BatchEntry
        {
            Id = state.Ids.NewId(),
            SequenceIndex = index,
            Run = NewRun(model, item.Input, callbackUrl, metadata, item.ClientRef, batchId, requestId, createdAt),
        }).ToList();
        var batch = new EmulatedBatch
        {
            Id = batchId,
            ModelId = ModelCatalog.ModelId(model),
            CreatedAt = createdAt,
            Metadata = metadata?.DeepClone(),
            CallbackUrl = callbackUrl,
            Items = entries,
        };
        state.AddBatch(batch);
        stats.BatchCreated();
        return batch;
    }

    private async Task GetBatch(HttpContext context, string[] segments)
    {
        JsonObject? json;
        lock (state.Gate)
        {
            var batch = state.FindBatch(Uri.UnescapeDataString(segments[2]));
            json = batch is null ? null : representation.Batch(batch);
        }

        if (json is null)
        {
            await Error(context, 404, "BATCH_NOT_FOUND", "Batch not found.");
            return;
        }

        await Json(context, 200, json);
    }

    private async Task GetBatchCallbackHistory(HttpContext context, string[] segments)
    {
        var id = Uri.UnescapeDataString(segments[2]);
        bool exists;
        lock (state.Gate)
        {
            exists = state.FindBatch(id) is not null;
        }

        if (!exists)
        {
            await Error(context, 404, "BATCH_NOT_FOUND", "Batch not found.");
            return;
        }

        await Json(context, 200, callbacks.History(id));
    }
}
