using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>Makes and stores new runs and batches; call under the state lock.</summary>
internal sealed class RunFactory(EmulatorState state, StatsCollector stats, TimeProvider clock)
{
    /// <summary>A single run, created now.</summary>
    public EmulatedRun NewRun(string model, JsonObject input, string? callbackUrl, JsonNode? metadata, string? clientRef, string requestId) =>
        NewRun(model, input, callbackUrl, metadata, clientRef, null, requestId, clock.GetUtcNow());

    /// <summary>A batch and its runs, one per item, each carrying the batch id, the item's client_ref and the batch's
    /// callback_url and metadata.</summary>
    public EmulatedBatch NewBatch(string model, List<(JsonObject Input, string? ClientRef)> items, string? callbackUrl, JsonNode? metadata, string requestId)
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

    /// <summary>The runs of one batch share one creation time.</summary>
    private EmulatedRun NewRun(string model, JsonObject input, string? callbackUrl, JsonNode? metadata, string? clientRef, string? batchId, string requestId,
        DateTimeOffset createdAt)
    {
        var duration = JsonRead.String(input["duration"]);
        // An "auto" (or absent) duration makes a 5 s video, which is what it is billed for.
        var seconds = duration is null or "auto" ? 5 : int.Parse(duration, CultureInfo.InvariantCulture);
        var sequence = state.NextSequence();
        var run = new EmulatedRun
        {
            Id = state.Ids.NewId(),
            Model = model,
            ModelId = ModelCatalog.ModelId(model),
            Input = (JsonObject)input.DeepClone(),
            CallbackUrl = callbackUrl,
            Metadata = metadata?.DeepClone(),
            ClientRef = clientRef,
            BatchId = batchId,
            RequestId = requestId,
            CreatedAt = createdAt,
            Sequence = sequence,
            VideoSeconds = seconds,
            OutputSeed = JsonRead.String(input["seed"]) ?? ((sequence * 7919) % 1_000_003).ToString(CultureInfo.InvariantCulture),
            SearchLagDraw = state.NextRunDraw(),
            UnlistedStatusDraw = state.NextRunDraw(),
        };
        state.Add(run);
        stats.RunCreated();
        return run;
    }
}
