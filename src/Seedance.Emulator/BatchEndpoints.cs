using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>The batch routes: create, get, and a batch's callback history.</summary>
internal sealed class BatchEndpoints(EmulatorOptions options, EmulatorState state, BatchRepresentation representation, CallbackDispatcher callbacks,
    ApiResponses responses, ApiLookup lookup, CreateFlow creates, RunFactory factory)
{
    /// <summary>
    /// <c>POST /v1/models/{model}/batches</c>: one run per item. Each run calls back when it ends, and the batch calls
    /// back once (with <c>batch_id</c>) when its last run ends; the docs do not say whether item runs call back on their
    /// own, and a receiver deduping on run_id/batch_id copes with both.
    /// </summary>
    public async Task Create(HttpContext context, string[] segments)
    {
        if (await lookup.KnownModelAsync(context, segments, 1) is not { } model)
        {
            return;
        }

        if (options.NoBatches)
        {
            await responses.Error(context, 422, "VALIDATION_ERROR", $"{model} does not support batches: only template-backed models do.",
                new[] { ("model", "batches are not supported for this model", "unsupported") });
            return;
        }

        await creates.HandleAsync(context, "Some batch items are invalid", body =>
        {
            var problems = InputRules.ValidateBatch(model, body, state.HasConfirmedAsset, options.BatchShape, out var items);
            return new CreatePlan(problems, () =>
            {
                var root = (JsonObject)body!;
                var batch = factory.NewBatch(model, items, JsonRead.String(root["callback_url"]), root["metadata"], ApiRequest.RequestId(context));
                return representation.Full(batch);
            });
        });
    }

    public Task Get(HttpContext context, string[] segments)
    {
        var id = ApiRequest.Id(segments, 2);
        return lookup.AnswerFoundAsync(context, NotFoundAnswer.Batch, () => state.FindBatch(id) is { } batch ? representation.Full(batch) : null);
    }

    public Task GetCallbackHistory(HttpContext context, string[] segments)
    {
        var id = ApiRequest.Id(segments, 2);
        return lookup.AnswerFoundAsync(context, NotFoundAnswer.Batch, () => state.FindBatch(id) is null ? null : callbacks.History(id));
    }
}
