using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>The single-run routes: create, get, cancel, the status list, and a run's callback history and redelivery.</summary>
internal sealed class RunEndpoints(EmulatorOptions options, EmulatorState state, RunRepresentation representation, CallbackDispatcher callbacks,
    TimeProvider clock, ConsistencyWindows windows, ApiResponses responses, ApiLookup lookup, CreateFlow creates, RunFactory factory)
{
    private static readonly string[] Statuses = { "queued", "dispatching", "running", "succeeded", "failed", "canceled", "partial_succeeded" };

    public async Task Create(HttpContext context, string[] segments)
    {
        if (await lookup.KnownModelAsync(context, segments, 1) is not { } model)
        {
            return;
        }

        await creates.HandleAsync(context, "The request is invalid", body => new CreatePlan(InputRules.ValidateRun(model, body, state.HasConfirmedAsset), () =>
        {
            var root = (JsonObject)body!;
            var run = factory.NewRun(model, (JsonObject)root["input"]!, JsonRead.String(root["callback_url"]), root["metadata"],
                JsonRead.String(root["client_ref"]), ApiRequest.RequestId(context));
            return representation.Full(run);
        }));
    }

    public Task Get(HttpContext context, string[] segments)
    {
        var id = ApiRequest.Id(segments, 2);
        return lookup.AnswerFoundAsync(context, NotFoundAnswer.Run,
            () => state.Find(id) is { } run && windows.IsReadable(run, clock.GetUtcNow()) ? representation.Detail(run) : null);
    }

    public Task GetCallbackHistory(HttpContext context, string[] segments)
    {
        var id = ApiRequest.Id(segments, 2);
        return lookup.AnswerFoundAsync(context, NotFoundAnswer.Run, () => state.Find(id) is null ? null : callbacks.History(id));
    }

    /// <summary><c>GET /v1/runs/statuses</c>: the response shape is UNKNOWN in the docs; the emulator lists each code with
    /// whether it is terminal, and an unlisted terminal status too when one is configured (the route is where a client
    /// would learn of it).</summary>
    public Task ListStatuses(HttpContext context, string[] _)
    {
        var unlisted = options.UnlistedTerminalStatus;
        var items = Statuses.Select(code => code == "canceled" ? options.CancelSpelling : code)
            .Concat(unlisted.Length > 0 ? new[] { unlisted } : Array.Empty<string>())
            .Select(code => (JsonNode)new JsonObject { ["code"] = code, ["is_terminal"] = code is not ("queued" or "dispatching" or "running") })
            .ToArray();
        return ApiResponses.Json(context, 200, new JsonObject { ["items"] = new JsonArray(items) });
    }

    public async Task Cancel(HttpContext context, string[] segments)
    {
        if (await lookup.BodyAsync(context) is not (_, var body))
        {
            return;
        }

        var problems = new List<(string, string, string)>();
        if (body is not null and not JsonObject)
        {
            problems.Add(("body", "The body must be a JSON object.", "type"));
        }
        else if (body is JsonObject root)
        {
            InputRules.UnknownKeys(root, string.Empty, problems, "reason");
            // The reason is only checked: the run object documents no field that would show it.
            if (root["reason"] is { } given && JsonRead.String(given) is not { Length: >= 3 and <= 500 })
            {
                problems.Add(("reason", "reason must be a string of 3 to 500 characters, or null.", "length"));
            }
        }

        if (problems.Count > 0)
        {
            await responses.ValidationError(context, "The cancellation is invalid", problems);
            return;
        }

        bool moved;
        JsonObject? json = null;
        lock (state.Gate)
        {
            var run = state.Find(ApiRequest.Id(segments, 3));
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

        if (json is null)
        {
            await responses.NotFound(context, NotFoundAnswer.Run);
            return;
        }

        // 201 when the run moved to canceled; 200 with the run unchanged (and no callback) when it had already ended.
        await ApiResponses.Json(context, moved ? 201 : 200, json);
    }

    /// <summary>Builds a fresh payload from the run's current state and delivers it again (runflow-api.md §5, §8).</summary>
    public async Task RedeliverCallback(HttpContext context, string[] segments)
    {
        CallbackDelivery? delivery = null;
        EmulatedRun? run;
        lock (state.Gate)
        {
            run = state.Find(ApiRequest.Id(segments, 2));
            if (run is { IsTerminal: true, CallbackUrl: not null })
            {
                delivery = callbacks.EnqueueRun(run, isAutomatic: false);
            }
        }

        if (run is null)
        {
            await responses.NotFound(context, NotFoundAnswer.Run);
            return;
        }

        if (delivery is null)
        {
            await responses.Error(context, 422, "VALIDATION_ERROR", "Only a finished run with a callback_url can be redelivered.",
                new[] { ("run_id", run.IsTerminal ? "the run has no callback_url" : "the run has not finished", "state") });
            return;
        }

        await ApiResponses.Json(context, 201, delivery.ToJson());
    }
}
