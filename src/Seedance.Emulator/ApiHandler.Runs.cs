using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

internal sealed partial class ApiHandler
{
    private static string ModelOf(string[] segments) => string.Join('/', segments[2..^1].Select(Uri.UnescapeDataString));

    private async Task CreateRun(HttpContext context, string[] segments)
    {
        var model = ModelOf(segments);
        if (!ModelCatalog.Models.Contains(model, StringComparer.Ordinal))
        {
            await Error(context, 404, "MODEL_NOT_FOUND", $"No model '{model}'.");
            return;
        }

        var (raw, body, malformed) = await ReadBodyAsync(context);
        if (malformed)
        {
            await Error(context, 400, "BAD_REQUEST", "The body is not valid JSON.");
            return;
        }

        var key = options.NoIdempotency ? null : context.Request.Headers["Idempotency-Key"].ToString();
        var bodyHash = Convert.ToHexString(SHA256.HashData(raw));
        if (!string.IsNullOrEmpty(key))
        {
            (int Status, string Body, bool Conflict) replay;
            bool found;
            lock (state.Gate)
            {
                found = state.TryReplay(key, bodyHash, out replay);
            }

            if (found)
            {
                if (replay.Conflict)
                {
                    await Error(context, 409, "CONFLICT", "This Idempotency-Key was used with a different request body.");
                    return;
                }

                stats.Replay();
                context.Response.StatusCode = replay.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(replay.Body);
                return;
            }
        }

        if (faults.Roll(options.FaultDropBeforeCommitRate))
        {
            stats.Fault("drop_before_commit");
            context.Abort();
            return;
        }

        var problems = InputRules.Validate(model, body, "input.", AssetExists);
        if (problems.Count > 0)
        {
            await Error(context, 422, "VALIDATION_ERROR", "The request is invalid: " + string.Join("; ", problems.Select(problem => problem.Field + ": " + problem.Message)), problems);
            return;
        }

        if (!state.HasCredit)
        {
            await Error(context, 402, "INSUFFICIENT_CREDIT", "The organization's credit balance is exhausted. Top up at app.runflow.io/settings/billing.");
            return;
        }

        var root = (JsonObject)body!;
        string responseBody;
        EmulatedRun run;
        lock (state.Gate)
        {
            run = NewRun(model, (JsonObject)root["input"]!, root["callback_url"]?.GetValue<string>(), root["metadata"],
                root["client_ref"]?.GetValue<string>(), null, (string)context.Items["request_id"]!);
            responseBody = JsonText.Write(representation.Full(run));
            if (!string.IsNullOrEmpty(key))
            {
                state.Remember(key, bodyHash, 201, responseBody);
            }
        }

        if (faults.Roll(options.FaultDropAfterCommitRate))
        {
            stats.Fault("drop_after_commit");
            context.Abort();
            return;
        }

        context.Response.StatusCode = 201;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(responseBody);
    }

    /// <summary>Creates and stores a run; call under the state lock.</summary>
    private EmulatedRun NewRun(string model, JsonObject input, string? callbackUrl, JsonNode? metadata, string? clientRef, string? batchId, string requestId)
    {
        var duration = input["duration"]?.GetValue<string>();
        var seconds = duration is null or "auto" ? 5 : int.Parse(duration, CultureInfo.InvariantCulture);
        var run = new EmulatedRun
        {
            Id = Guid.CreateVersion7().ToString(),
            Model = model,
            ModelId = ModelCatalog.ModelId(model),
            Input = (JsonObject)input.DeepClone(),
            CallbackUrl = callbackUrl,
            Metadata = metadata?.DeepClone(),
            ClientRef = clientRef,
            BatchId = batchId,
            RequestId = requestId,
            CreatedAt = DateTimeOffset.UtcNow,
            Sequence = state.NextSequence(),
            VideoSeconds = seconds,
            OutputSeed = input["seed"]?.GetValue<string>() ?? (state.NextSequence() * 7919 % 1000003).ToString(CultureInfo.InvariantCulture),
        };
        state.Add(run);
        stats.RunCreated();
        return run;
    }

    private bool AssetExists(string id)
    {
        lock (state.Gate)
        {
            return state.FindAsset(id) is { Confirmed: true };
        }
    }

    private async Task GetRun(HttpContext context, string[] segments)
    {
        JsonObject? json;
        lock (state.Gate)
        {
            var run = state.Find(Uri.UnescapeDataString(segments[2]));
            json = run is null ? null : representation.Full(run);
        }

        if (json is null)
        {
            await Error(context, 404, "RUN_NOT_FOUND", "Run not found.");
            return;
        }

        await Json(context, 200, json);
    }

    private async Task SearchRuns(HttpContext context, string[] _)
    {
        var limitText = Query(context, "limit");
        var limit = 50;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 500))
        {
            await Error(context, 422, "VALIDATION_ERROR", "limit must be an integer from 1 to 500.", new[] { ("limit", "must be 1 to 500", "range") });
            return;
        }

        RunFilter? filter = null;
        var q = Query(context, "q");
        if (!string.IsNullOrWhiteSpace(q))
        {
            try
            {
                filter = RunFilter.Parse(q);
            }
            catch (FormatException exception)
            {
                await Error(context, 400, "INVALID_FILTER", exception.Message);
                return;
            }
        }

        var offset = 0;
        var cursor = Query(context, "pq");
        if (!string.IsNullOrEmpty(cursor) && !TryReadCursor(cursor, out offset))
        {
            await Error(context, 400, "INVALID_CURSOR", "pq is not a cursor this server issued.");
            return;
        }

        var fields = Query(context, "fields")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        List<(long Sequence, JsonObject Json)> found;
        lock (state.Gate)
        {
            found = state.All().Select(run => (run.Sequence, representation.Full(run))).Where(pair => filter is null || filter.Matches(pair.Item2)).ToList();
        }

        var matching = Sort(found, Query(context, "sort_by") ?? "created_at:desc");
        if (string.Equals(Query(context, "from_prev"), "true", StringComparison.OrdinalIgnoreCase))
        {
            offset = Math.Max(0, offset - limit);
        }

        var page = matching.Skip(offset).Take(limit).Select(run => (JsonNode)RunRepresentation.Project(run, fields)).ToArray();
        string? next = offset + limit < matching.Count ? Cursor(offset + limit) : null;
        string? previous = offset > 0 ? Cursor(Math.Max(0, offset - limit)) : null;
        var response = new JsonObject { ["items"] = new JsonArray(page) };
        if (options.PaginationStyle == "next_pq")
        {
            response["next_pq"] = next;
            response["prev_pq"] = previous;
        }
        else
        {
            response["first"] = Cursor(0);
            response["next"] = next;
            response["previous"] = previous;
        }

        await Json(context, 200, response);
    }

    /// <summary>Sorts by the requested keys; created_at follows creation order exactly (timestamps can tie within a
    /// millisecond), so pages never overlap or skip.</summary>
    private static List<JsonObject> Sort(List<(long Sequence, JsonObject Json)> runs, string sortBy)
    {
        IOrderedEnumerable<(long Sequence, JsonObject Json)>? ordered = null;
        var lastDescending = true;
        foreach (var key in sortBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = key.Split(':');
            var field = parts[0];
            var descending = parts.Length > 1 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
            lastDescending = descending;
            Func<(long Sequence, JsonObject Json), string> value = field == "created_at"
                ? run => run.Sequence.ToString("D20", CultureInfo.InvariantCulture)
                : run => run.Json[field]?.ToJsonString() ?? string.Empty;
            ordered = ordered is null
                ? descending ? runs.OrderByDescending(value, StringComparer.Ordinal) : runs.OrderBy(value, StringComparer.Ordinal)
                : descending ? ordered.ThenByDescending(value, StringComparer.Ordinal) : ordered.ThenBy(value, StringComparer.Ordinal);
        }

        var result = ordered is null ? runs.OrderByDescending(run => run.Sequence)
            : lastDescending ? ordered.ThenByDescending(run => run.Sequence) : ordered.ThenBy(run => run.Sequence);
        return result.Select(run => run.Json).ToList();
    }

    private static string Cursor(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryReadCursor(string cursor, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text["offset:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private async Task CancelRun(HttpContext context, string[] segments)
    {
        var (_, body, malformed) = await ReadBodyAsync(context);
        var reason = (body as JsonObject)?["reason"];
        if (malformed || (reason is not null && (reason.GetValue<string>().Length < 3 || reason.GetValue<string>().Length > 500)))
        {
            await Error(context, 422, "VALIDATION_ERROR", "reason must be 3 to 500 characters.", new[] { ("reason", "must be 3 to 500 characters", "length") });
            return;
        }

        EmulatedRun? run;
        bool moved;
        JsonObject? json;
        lock (state.Gate)
        {
            run = state.Find(Uri.UnescapeDataString(segments[3]));
            moved = run is not null && state.Cancel(run, DateTimeOffset.UtcNow);
            json = run is null ? null : representation.Full(run);
        }

        if (run is null)
        {
            await Error(context, 404, "RUN_NOT_FOUND", "Run not found.");
            return;
        }

        if (moved)
        {
            callbacks.Enqueue(run);
        }

        await Json(context, moved ? 201 : 200, json);
    }

    private async Task GetCallbackHistory(HttpContext context, string[] segments)
    {
        var id = Uri.UnescapeDataString(segments[2]);
        bool exists;
        lock (state.Gate)
        {
            exists = state.Find(id) is not null;
        }

        if (!exists)
        {
            await Error(context, 404, "RUN_NOT_FOUND", "Run not found.");
            return;
        }

        await Json(context, 200, callbacks.History(id));
    }

    private async Task CreateBatch(HttpContext context, string[] segments)
    {
        var model = ModelOf(segments);
        if (!ModelCatalog.Models.Contains(model, StringComparer.Ordinal))
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

        var (raw, body, malformed) = await ReadBodyAsync(context);
        if (malformed || body is not JsonObject root || root["input"] is not JsonArray items || items.Count is < 1 or > 100)
        {
            await Error(context, 422, "VALIDATION_ERROR", "input must be an array of 1 to 100 items.", new[] { ("input", "1 to 100 items", "length") });
            return;
        }

        var key = options.NoIdempotency ? null : context.Request.Headers["Idempotency-Key"].ToString();
        var bodyHash = Convert.ToHexString(SHA256.HashData(raw));
        if (!string.IsNullOrEmpty(key))
        {
            lock (state.Gate)
            {
                if (state.TryReplay(key, bodyHash, out var replay))
                {
                    if (replay.Conflict)
                    {
                        context.Response.StatusCode = 409;
                    }
                    else
                    {
                        stats.Replay();
                        context.Response.StatusCode = replay.Status;
                        context.Items["replay"] = replay.Body;
                    }
                }
            }

            if (context.Response.StatusCode == 409)
            {
                await Error(context, 409, "CONFLICT", "This Idempotency-Key was used with a different request body.");
                return;
            }

            if (context.Items["replay"] is string replayed)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(replayed);
                return;
            }
        }

        var problems = new List<(string, string, string)>();
        for (var index = 0; index < items.Count; index++)
        {
            problems.AddRange(InputRules.Validate(model, items[index], $"input[{index}].", AssetExists, requireTopLevel: false));
        }

        if (problems.Count > 0)
        {
            await Error(context, 422, "VALIDATION_ERROR", "Some batch items are invalid.", problems);
            return;
        }

        if (!state.HasCredit)
        {
            await Error(context, 402, "INSUFFICIENT_CREDIT", "The organization's credit balance is exhausted.");
            return;
        }

        JsonObject batch;
        lock (state.Gate)
        {
            var batchId = Guid.CreateVersion7().ToString();
            var entries = new JsonArray();
            for (var index = 0; index < items.Count; index++)
            {
                var item = (JsonObject)items[index]!.DeepClone();
                var clientRef = item["client_ref"]?.GetValue<string>();
                item.Remove("client_ref");
                var run = NewRun(model, item, root["callback_url"]?.GetValue<string>(), root["metadata"], clientRef, batchId, (string)context.Items["request_id"]!);
                entries.Add(new JsonObject
                {
                    ["id"] = Guid.CreateVersion7().ToString(),
                    ["sequence_index"] = index,
                    ["run_id"] = run.Id,
                    ["status_code"] = run.Status,
                    ["client_ref"] = clientRef,
                });
            }

            batch = new JsonObject
            {
                ["id"] = batchId,
                ["target_type"] = "model",
                ["target_id"] = ModelCatalog.ModelId(model),
                ["status_code"] = "queued",
                ["items_total"] = items.Count,
                ["items_succeeded"] = 0,
                ["items_failed"] = 0,
                ["items_cancelled"] = 0,
                ["items"] = entries,
                ["created_at"] = RunRepresentation.Time(DateTimeOffset.UtcNow),
                ["output"] = null,
                ["cost"] = null,
                ["metadata"] = root["metadata"]?.DeepClone(),
                ["callback_url"] = root["callback_url"]?.DeepClone(),
                ["started_at"] = null,
                ["completed_at"] = null,
            };
            state.AddBatch(batchId, batch);
            if (!string.IsNullOrEmpty(key))
            {
                state.Remember(key, bodyHash, 201, JsonText.Write(batch));
            }
        }

        await Json(context, 201, batch);
    }

    private async Task GetBatch(HttpContext context, string[] segments)
    {
        JsonObject? batch;
        lock (state.Gate)
        {
            batch = state.FindBatch(Uri.UnescapeDataString(segments[2]))?.DeepClone() as JsonObject;
            if (batch is not null)
            {
                foreach (var item in batch["items"]!.AsArray().OfType<JsonObject>())
                {
                    item["status_code"] = state.Find(item["run_id"]!.GetValue<string>())?.Status;
                }
            }
        }

        if (batch is null)
        {
            await Error(context, 404, "BATCH_NOT_FOUND", "Batch not found.");
            return;
        }

        await Json(context, 200, batch);
    }
}
