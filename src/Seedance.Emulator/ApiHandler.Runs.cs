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

        var (body, key, fingerprint, hold) = create.Value;
        using var _ = hold;

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
                    JsonRead.String(root["client_ref"]), null, (string)context.Items["request_id"]!, clock.GetUtcNow());
                return representation.Full(run);
            }, key, fingerprint);
        }

        await AnswerCreateAsync(context, outcome, "The request is invalid", hold);
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
            json = run is null || !windows.IsReadable(run, clock.GetUtcNow()) ? null : representation.Detail(run);
        }

        if (json is null)
        {
            await Error(context, 404, "RUN_NOT_FOUND", "Run not found.");
            return;
        }

        await Json(context, 200, json);
    }

    /// <summary><c>GET /v1/runs/statuses</c>: the response shape is UNKNOWN in the docs; the emulator lists each code with
    /// whether it is terminal, and an unlisted terminal status too when one is configured (the route is where a client
    /// would learn of it).</summary>
    private Task ListStatuses(HttpContext context, string[] _)
    {
        var unlisted = options.UnlistedTerminalStatus;
        var items = Statuses.Select(code => code == "canceled" ? options.CancelSpelling : code)
            .Concat(unlisted.Length > 0 ? new[] { unlisted } : Array.Empty<string>())
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
            moved = run is not null && state.Cancel(run, clock.GetUtcNow());
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
