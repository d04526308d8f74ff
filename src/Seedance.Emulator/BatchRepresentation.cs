using System;
using System.Linq;
using System.Text.Json.Nodes;
using static Seedance.Emulator.RunRepresentation;

namespace Seedance.Emulator;

/// <summary>The batch object and the batch callback envelope (runflow-api.md §8). Call under the state lock.</summary>
internal sealed class BatchRepresentation(EmulatorOptions options, RunRepresentation runs, ConsistencyWindows windows, TimeProvider clock)
{
    public JsonObject Full(EmulatedBatch batch)
    {
        var status = batch.Status(options.CancelSpelling);
        var completedAt = batch.CompletedAt;
        var namesRuns = windows.NamesRuns(batch, clock.GetUtcNow());
        return new JsonObject
        {
            ["id"] = batch.Id,
            ["org_id"] = EmulatorIdentity.OrganizationId,
            ["target_type"] = "model",
            ["target_type_code"] = "model",
            ["target_id"] = batch.ModelId,
            ["source_code"] = "api",
            ["status_code"] = status,
            ["items_total"] = batch.Items.Count,
            ["items_succeeded"] = batch.Succeeded,
            ["items_failed"] = batch.Failed,
            ["items_cancelled"] = batch.Canceled,
            ["items"] = new JsonArray(batch.Items.Select(item => (JsonNode)runs.Echoed(new JsonObject
            {
                ["id"] = item.Id,
                ["sequence_index"] = item.SequenceIndex,
                ["run_id"] = namesRuns ? item.Run.Id : null,
                ["status_code"] = item.Run.Status,
                ["client_ref"] = item.Run.ClientRef,
            })).ToArray()),
            ["input"] = new JsonArray(batch.Items.Select(item => runs.Input(item.Run.Input)).ToArray()),
            ["output"] = batch.IsTerminal ? BatchOutput(batch) : null,
            ["cost"] = Money(batch.Cost),
            ["metadata"] = batch.Metadata?.DeepClone(),
            ["callback_url"] = batch.CallbackUrl,
            ["resolved_template_id"] = null,
            ["dispatch_provider_link_id"] = null,
            ["created_by"] = EmulatorIdentity.UserId,
            ["created_at"] = Time(batch.CreatedAt),
            ["started_at"] = Time(batch.StartedAt),
            ["completed_at"] = Time(completedAt),
            ["duration_ms"] = completedAt is { } done ? (long)(done - batch.CreatedAt).TotalMilliseconds : null,
            ["failure_code"] = null,
            ["failure_message"] = null,
            ["failure_stage_code"] = null,
            ["links"] = new JsonObject(),
        };
    }

    /// <summary>The batch envelope: <c>batch_id</c> in place of <c>run_id</c>, event <c>batch.{status}</c> (the docs show
    /// <c>batch.succeeded</c>; the other names follow the same pattern), and the counts as output.</summary>
    public JsonObject Callback(EmulatedBatch batch)
    {
        var status = batch.Status(options.CancelSpelling);
        return new JsonObject
        {
            ["event"] = "batch." + (batch.Canceled == batch.Items.Count ? "cancelled" : status),
            ["batch_id"] = batch.Id,
            ["status"] = status,
            ["output"] = BatchOutput(batch),
            ["duration_ms"] = batch.CompletedAt is { } done ? (long)(done - batch.CreatedAt).TotalMilliseconds : null,
            ["created_at"] = Time(batch.CreatedAt),
            ["completed_at"] = Time(batch.CompletedAt),
            ["metadata"] = batch.Metadata?.DeepClone(),
        };
    }

    private JsonObject BatchOutput(EmulatedBatch batch)
    {
        var namesRuns = windows.NamesRuns(batch, clock.GetUtcNow());
        return new JsonObject
        {
            ["items"] = new JsonArray(batch.Items.Select(item => (JsonNode)runs.Echoed(new JsonObject
            {
                ["sequence_index"] = item.SequenceIndex,
                ["run_id"] = namesRuns ? item.Run.Id : null,
                ["status"] = item.Run.Status,
                ["client_ref"] = item.Run.ClientRef,
            })).ToArray()),
            ["succeeded"] = batch.Succeeded,
            ["failed"] = batch.Failed,
            ["cancelled"] = batch.Canceled,
            ["total"] = batch.Items.Count,
        };
    }
}
