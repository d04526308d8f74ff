using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

internal sealed partial class ApiHandler
{
    private static readonly string[] Statuses = { "queued", "dispatching", "running", "succeeded", "failed", "canceled", "partial_succeeded" };

    /// <summary>The model path between <c>/v1/models/</c> and the last segment, each segment unescaped on its own.</summary>
    private static string ModelOf(string[] segments, int trailing) =>
        string.Join('/', segments[2..^trailing].Select(Uri.UnescapeDataString));

    private async Task CreateRun(HttpContext context, string[] segments)
    {
        var model = ModelOf(segments, 1);
        if (!ModelCatalog.IsKnown(model))
        {
            await Error(context, 404, "MODEL_NOT_FOUND", $"No model '{model}'.");
            return;
        }

        var create = await ReadCreateAsync(context);
        if (create is null)
        {
            return;
        }

        var (body, key, fingerprint) = create.Value;

        // Replay lookup, validation, the credit check, the create and the idempotency record happen under one lock, so
        // two requests with the same key can never both create a run (the real middleware's in-flight behaviour is
        // UNKNOWN; serializing them is the defensive reading).
        CreateOutcome outcome;
        lock (state.Gate)
        {
            outcome = Replayed(key, fingerprint) ?? Decide(InputRules.ValidateRun(model, body, AssetExists), () =>
            {
                var root = (JsonObject)body!;
                var run = NewRun(model, (JsonObject)root["input"]!, JsonRead.String(root["callback_url"]), root["metadata"],
                    JsonRead.String(root["client_ref"]), null, (string)context.Items["request_id"]!);
                return representation.Full(run);
            }, key, fingerprint);
        }

        await AnswerCreateAsync(context, outcome, "The request is invalid", mayDropAfterCommit: true);
    }

    /// <summary>
    /// The body and idempotency identity of a run or batch create. A malformed body is answered here, and so is the
    /// injected drop before commit; both give null.
    /// </summary>
    private async Task<(JsonNode? Body, string? Key, string Fingerprint)?> ReadCreateAsync(HttpContext context)
    {
        var (raw, body, malformed) = await ReadBodyAsync(context);
        if (malformed)
        {
            await Malformed(context);
            return null;
        }

        var key = IdempotencyKey(context);
        var fingerprint = Fingerprint(context, raw);
        if (faults.Roll(options.FaultDropBeforeCommitRate))
        {
            stats.Fault("drop_before_commit");
            ConnectionDrops.Drop(context);
            return null;
        }

        return (body, key, fingerprint);
    }

    /// <summary>The stored answer for a repeated Idempotency-Key, a conflict for a reused one, null for a new key; call
    /// under the state lock.</summary>
    private CreateOutcome? Replayed(string? key, string fingerprint)
    {
        if (key is null || !state.TryReplay(key, fingerprint, out var replay))
        {
            return null;
        }

        return replay.Conflict ? CreateOutcome.Conflict : CreateOutcome.Replay(replay.Status, replay.Body);
    }

    /// <summary>Refuses an invalid body (422) or an exhausted balance (402), otherwise creates and remembers the answer
    /// under the Idempotency-Key; call under the state lock.</summary>
    private CreateOutcome Decide(List<(string Field, string Message, string Code)> problems, Func<JsonObject> create, string? key, string fingerprint)
    {
        if (problems.Count > 0)
        {
            return CreateOutcome.Invalid(problems);
        }

        if (!state.HasCredit)
        {
            return CreateOutcome.NoCredit;
        }

        var body = JsonText.Write(create());
        if (key is not null)
        {
            state.Remember(key, fingerprint, 201, body);
        }

        return CreateOutcome.Created(body);
    }

    private async Task AnswerCreateAsync(HttpContext context, CreateOutcome outcome, string invalidSummary, bool mayDropAfterCommit)
    {
        switch (outcome.Status)
        {
            case 409:
                await Error(context, 409, "CONFLICT", "This Idempotency-Key was already used with a different request.");
                return;
            case 422:
                await ValidationError(context, invalidSummary, outcome.Problems!);
                return;
            case 402:
                await Error(context, 402, "INSUFFICIENT_CREDIT", "The organization's credit balance is exhausted. Top up at app.runflow.io/settings/billing.");
                return;
        }

        if (outcome.Replayed)
        {
            stats.Replay();
        }
        else if (mayDropAfterCommit && faults.Roll(options.FaultDropAfterCommitRate))
        {
            stats.Fault("drop_after_commit");
            ConnectionDrops.Drop(context);
            return;
        }

        await WriteStoredAsync(context, outcome.Status, outcome.StoredBody!);
    }

    /// <summary>Creates and stores a run; call under the state lock.</summary>
    private EmulatedRun NewRun(string model, JsonObject input, string? callbackUrl, JsonNode? metadata, string? clientRef, string? batchId, string requestId)
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
            CreatedAt = DateTimeOffset.UtcNow,
            Sequence = sequence,
            VideoSeconds = seconds,
            OutputSeed = JsonRead.String(input["seed"]) ?? ((sequence * 7919) % 1_000_003).ToString(CultureInfo.InvariantCulture),
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
            json = run is null ? null : representation.Detail(run);
        }

        if (json is null)
        {
            await Error(context, 404, "RUN_NOT_FOUND", "Run not found.");
            return;
        }

        await Json(context, 200, json);
    }

    /// <summary><c>GET /v1/runs/statuses</c>: the response shape is UNKNOWN in the docs; the emulator lists each code with
    /// whether it is terminal.</summary>
    private Task ListStatuses(HttpContext context, string[] _)
    {
        var items = Statuses.Select(code => code == "canceled" ? options.CancelSpelling : code)
            .Select(code => (JsonNode)new JsonObject { ["code"] = code, ["is_terminal"] = code is not ("queued" or "dispatching" or "running") })
            .ToArray();
        return Json(context, 200, new JsonObject { ["items"] = new JsonArray(items) });
    }

    private async Task CancelRun(HttpContext context, string[] segments)
    {
        var (_, body, malformed) = await ReadBodyAsync(context);
        if (malformed)
        {
            await Malformed(context);
            return;
        }

        var problems = new List<(string, string, string)>();
        if (body is not null and not JsonObject)
        {
            problems.Add(("body", "The body must be a JSON object.", "type"));
        }
        else if (body is JsonObject root)
        {
            problems.AddRange(root.Where(pair => pair.Key != "reason").Select(pair => (pair.Key, $"Unknown field '{pair.Key}'.", "unknown_field")));
            if (root["reason"] is { } given)
            {
                // The reason is only checked: the run object documents no field that would show it.
                if (JsonRead.String(given) is not { Length: >= 3 and <= 500 })
                {
                    problems.Add(("reason", "reason must be a string of 3 to 500 characters, or null.", "length"));
                }
            }
        }

        if (problems.Count > 0)
        {
            await ValidationError(context, "The cancellation is invalid", problems);
            return;
        }

        EmulatedRun? run;
        bool moved;
        JsonObject? json = null;
        lock (state.Gate)
        {
            run = state.Find(Uri.UnescapeDataString(segments[3]));
            moved = run is not null && state.Cancel(run, DateTimeOffset.UtcNow);
            if (run is not null)
            {
                json = representation.Full(run);
                if (moved)
                {
                    callbacks.EnqueueEnded(new[] { run }, state.BatchesFinishedBy(new[] { run }));
                }
            }
        }

        if (run is null)
        {
            await Error(context, 404, "RUN_NOT_FOUND", "Run not found.");
            return;
        }

        // 201 when the run moved to canceled; 200 with the run unchanged (and no callback) when it had already ended.
        await Json(context, moved ? 201 : 200, json);
    }

    private async Task GetRunCallbackHistory(HttpContext context, string[] segments)
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

    /// <summary>Builds a fresh payload from the run's current state and delivers it again (runflow-api.md §5, §8).</summary>
    private async Task RedeliverRunCallback(HttpContext context, string[] segments)
    {
        CallbackDelivery? delivery = null;
        EmulatedRun? run;
        lock (state.Gate)
        {
            run = state.Find(Uri.UnescapeDataString(segments[2]));
            if (run is { IsTerminal: true, CallbackUrl: not null })
            {
                delivery = callbacks.EnqueueRun(run, isAutomatic: false);
            }
        }

        if (run is null)
        {
            await Error(context, 404, "RUN_NOT_FOUND", "Run not found.");
            return;
        }

        if (delivery is null)
        {
            await Error(context, 422, "VALIDATION_ERROR", "Only a finished run with a callback_url can be redelivered.",
                new[] { ("run_id", run.IsTerminal ? "the run has no callback_url" : "the run has not finished", "state") });
            return;
        }

        await Json(context, 201, delivery.ToJson());
    }
}
