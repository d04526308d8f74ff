using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>One delivery of one frozen callback body, with its attempts, shaped like the documented delivery record
/// (<c>GET /v1/runs/{run_id}/callback</c>). Thread-safe: the dispatcher writes while the API reads.</summary>
internal sealed class CallbackDelivery
{
    private readonly object gate = new();
    private readonly List<JsonObject> attempts = new();
    private string status = "pending";
    private DateTimeOffset updatedAt;
    private DateTimeOffset? completedAt;
    private DateTimeOffset? nextAttemptAt;
    private string? failureReason;
    private string? failureDetail;

    public CallbackDelivery(string id, string subjectField, string subjectId, string url, byte[] body, string? secretId, bool isAutomatic, int maxAttempts,
        DateTimeOffset createdAt)
    {
        Id = id;
        SubjectField = subjectField;
        SubjectId = subjectId;
        Url = url;
        Body = body;
        SecretId = secretId;
        IsAutomatic = isAutomatic;
        MaxAttempts = maxAttempts;
        CreatedAt = createdAt;
        updatedAt = CreatedAt;
        nextAttemptAt = CreatedAt;
    }

    public string Id { get; }

    /// <summary><c>run_id</c> or <c>batch_id</c>.</summary>
    public string SubjectField { get; }

    public string SubjectId { get; }

    public string Url { get; }

    public byte[] Body { get; }

    public string? SecretId { get; }

    public bool IsAutomatic { get; }

    public int MaxAttempts { get; }

    public DateTimeOffset CreatedAt { get; }

    public void RecordAttempt(string attemptId, DateTimeOffset started, DateTimeOffset now, int? responseStatus, string? responseBody, string? error,
        bool delivered, DateTimeOffset? nextAttempt)
    {
        lock (gate)
        {
            attempts.Add(new JsonObject
            {
                ["id"] = attemptId,
                ["delivery_id"] = Id,
                ["attempt_number"] = attempts.Count + 1,
                ["status_code"] = responseStatus,
                ["response_body"] = responseBody,
                ["response_time_ms"] = (long)(now - started).TotalMilliseconds,
                ["error_message"] = error,
                ["created_at"] = RunRepresentation.Time(started),
            });
            updatedAt = now;
            nextAttemptAt = delivered ? null : nextAttempt;
            if (delivered)
            {
                status = "delivered";
                completedAt = now;
                failureReason = null;
                failureDetail = null;
                return;
            }

            failureReason = responseStatus is null ? "CONNECTION_ERROR" : "NON_2XX_RESPONSE";
            failureDetail = error ?? $"The receiver answered {responseStatus}.";
            if (nextAttempt is null)
            {
                status = "failed";
                completedAt = now;
            }
            else
            {
                status = "retrying";
            }
        }
    }

    public JsonObject ToJson()
    {
        lock (gate)
        {
            return new JsonObject
            {
                ["id"] = Id,
                [SubjectField] = SubjectId,
                ["callback_url"] = Url,
                // The stored body exactly as sent (UTF-8 JSON), so a receiver's signature check can be replayed against it.
                ["payload_bytes"] = Encoding.UTF8.GetString(Body),
                ["payload"] = JsonNode.Parse(Body),
                ["signing_secret_id"] = SecretId,
                ["is_automatic"] = IsAutomatic,
                ["status_code"] = status,
                ["failure_reason_code"] = failureReason,
                ["failure_detail"] = failureDetail,
                ["attempt_count"] = attempts.Count,
                ["max_attempts"] = MaxAttempts,
                ["next_attempt_at"] = RunRepresentation.Time(nextAttemptAt),
                ["created_at"] = RunRepresentation.Time(CreatedAt),
                ["updated_at"] = RunRepresentation.Time(updatedAt),
                ["completed_at"] = RunRepresentation.Time(completedAt),
                ["attempts"] = new JsonArray(attempts.Select(attempt => (JsonNode)attempt.DeepClone()).ToArray()),
            };
        }
    }
}
