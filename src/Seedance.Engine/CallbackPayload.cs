using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>
/// The event envelope Runflow POSTs to a <c>callback_url</c>: <c>{event, run_id, status, output, duration_ms,
/// created_at, completed_at, metadata}</c> (batches carry <c>batch_id</c> instead of <c>run_id</c>). On failure
/// <c>output</c> is an error envelope; when canceled it is null.
/// </summary>
public sealed class CallbackPayload
{
    private CallbackPayload(string rawJson)
    {
        RawJson = rawJson;
    }

    /// <summary>run.completed, run.failed, run.cancelled, run.partial_succeeded (or batch.*).</summary>
    public string? Event { get; private set; }

    public string? RunId { get; private set; }

    public string? BatchId { get; private set; }

    public string? StatusCode { get; private set; }

    public RunStatus Status { get; private set; }

    public RunOutput? Output { get; private set; }

    public string? FailureCode { get; private set; }

    public string? FailureMessage { get; private set; }

    public long? DurationMs { get; private set; }

    public DateTimeOffset? CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public IDictionary<string, object?>? Metadata { get; private set; }

    /// <summary>For a batch callback: its inputs as listed in <c>output.items</c> (empty when the list is absent).</summary>
    public IReadOnlyList<BatchCallbackItem> BatchItems { get; private set; } = Array.Empty<BatchCallbackItem>();

    public int? BatchTotal { get; private set; }

    public int? BatchSucceeded { get; private set; }

    public int? BatchFailed { get; private set; }

    public int? BatchCancelled { get; private set; }

    public bool IsBatch => RunId is null && BatchId is not null;

    public string RawJson { get; }

    public static CallbackPayload Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new RunflowProtocolException("The callback body is empty.");
        }

        using var document = JsonValues.Parse(json, "a callback body");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RunflowProtocolException("The callback body is not a JSON object.");
        }

        var payload = new CallbackPayload(json)
        {
            Event = JsonValues.String(root, "event", "type"),
            RunId = JsonValues.String(root, "run_id"),
            BatchId = JsonValues.String(root, "batch_id"),
            StatusCode = JsonValues.String(root, "status", "status_code"),
            DurationMs = JsonValues.Long(root, "duration_ms"),
            CreatedAt = JsonValues.Time(root, "created_at"),
            CompletedAt = JsonValues.Time(root, "completed_at"),
            Metadata = JsonValues.Dictionary(root, "metadata"),
        };
        if (payload.RunId is null && payload.BatchId is null)
        {
            throw new RunflowProtocolException("The callback body has neither run_id nor batch_id.");
        }

        payload.Status = RunStatuses.Parse(payload.StatusCode);
        if (payload.Status == RunStatus.Unknown && payload.Event is { } name)
        {
            // The event name carries the outcome too (with the UK spelling for cancellations).
            payload.Status = name.EndsWith(".completed", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".succeeded", StringComparison.OrdinalIgnoreCase)
                ? RunStatus.Succeeded
                : RunStatuses.Parse(name.Substring(name.IndexOf('.') + 1));
        }

        if (JsonValues.TryGet(root, "output", out var output) && payload.IsBatch)
        {
            ReadBatchOutput(payload, output);
        }
        else if (JsonValues.TryGet(root, "output", out output))
        {
            if (payload.Status == RunStatus.Failed)
            {
                var error = ApiError.FromElement(output);
                payload.FailureCode = error.Code ?? JsonValues.String(output, "failure_code");
                payload.FailureMessage = error.Message ?? JsonValues.String(output, "failure_message");
            }
            else
            {
                payload.Output = RunOutput.FromElement(output);
            }
        }

        payload.FailureCode ??= JsonValues.String(root, "failure_code");
        payload.FailureMessage ??= JsonValues.String(root, "failure_message");
        return payload;
    }

    private static void ReadBatchOutput(CallbackPayload payload, JsonElement output)
    {
        if (output.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        payload.BatchTotal = JsonValues.Int(output, "total", "items_total");
        payload.BatchSucceeded = JsonValues.Int(output, "succeeded", "items_succeeded");
        payload.BatchFailed = JsonValues.Int(output, "failed", "items_failed");
        payload.BatchCancelled = JsonValues.Int(output, "cancelled", "canceled", "items_cancelled");
        if (JsonValues.TryGet(output, "items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var list = new List<BatchCallbackItem>();
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    list.Add(new BatchCallbackItem(JsonValues.Int(item, "sequence_index"), JsonValues.String(item, "run_id"),
                        JsonValues.String(item, "client_ref"), JsonValues.String(item, "status_code", "status")));
                }
            }

            payload.BatchItems = list;
        }
        else if (payload.BatchTotal is null && JsonValues.Int(output, "items") is { } count)
        {
            payload.BatchTotal = count;
        }
    }

    /// <summary>The run the callback describes, as the same type the API's run reads produce.</summary>
    public Run ToRun()
    {
        if (RunId is null)
        {
            throw new RunflowProtocolException("This is a batch callback; it describes no single run.");
        }

        return Run.FromCallback(RunId, StatusCode ?? (Status == RunStatus.Unknown ? null : RunStatuses.ToApiString(Status)),
            Output, DurationMs, CreatedAt, CompletedAt, Metadata, FailureCode, FailureMessage, RawJson);
    }
}
