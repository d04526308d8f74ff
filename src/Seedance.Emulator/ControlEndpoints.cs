using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>The emulator-only control routes under <c>/_emulator</c>: bearer auth with the same key, never faulted.</summary>
internal sealed class ControlEndpoints(EmulatorOptions options, EmulatorState state, StatsCollector stats, ApiResponses responses)
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public Task GetStats(HttpContext context, string[] _) =>
        ApiResponses.Json(context, 200, JsonSerializer.SerializeToNode(stats.Snapshot(state), SnakeCase));

    /// <summary><c>{"set": 10}</c> sets the balance, <c>{"add": 5}</c> adds to it (both: set, then add).</summary>
    public async Task PostBalance(HttpContext context, string[] _)
    {
        var (_, body, malformed) = await ApiRequest.ReadBodyAsync(context);
        var change = body as JsonObject;
        var set = JsonRead.Number(change?["set"]);
        var add = JsonRead.Number(change?["add"]);
        if (malformed || change is null || (set is null && add is null) || change.Any(pair => pair.Key is not ("set" or "add"))
            || (change.ContainsKey("set") && set is null) || (change.ContainsKey("add") && add is null))
        {
            await responses.Error(context, 400, "BAD_REQUEST", "Send {\"set\": <USD>} or {\"add\": <USD>} with numbers.");
            return;
        }

        if (set is { } amount)
        {
            state.SetBalance(amount);
        }

        if (add is { } extra)
        {
            state.AddBalance(extra);
        }

        await ApiResponses.Json(context, 200, new JsonObject { ["balance"] = AccountEndpoints.Usd(state.Balance) });
    }

    /// <summary>Applies a partial JSON object of live options (snake_case names, e.g. <c>{"fault_429_rate": 0.2}</c>).
    /// Everything is checked before anything changes, so a bad request leaves the options as they were.</summary>
    public async Task PostOptions(HttpContext context, string[] _)
    {
        var (_, body, malformed) = await ApiRequest.ReadBodyAsync(context);
        if (malformed || body is not JsonObject changes)
        {
            await responses.Error(context, 400, "BAD_REQUEST", "Send a JSON object of options in snake_case, e.g. {\"fault_429_rate\": 0.2}.");
            return;
        }

        var trial = OptionTable.CopyLive(options);
        var problems = new List<(string, string, string)>();
        var accepted = new List<(string Name, string Value)>();
        foreach (var (name, node) in changes)
        {
            try
            {
                var text = OptionText(node);
                OptionTable.ApplyLive(trial, name, text);
                accepted.Add((name, text));
            }
            catch (ArgumentException exception)
            {
                problems.Add((name, exception.Message, "invalid"));
            }
        }

        if (problems.Count > 0)
        {
            await responses.Error(context, 400, "BAD_REQUEST", string.Join(" ", problems.Select(problem => problem.Item2)), problems);
            return;
        }

        foreach (var (name, value) in accepted)
        {
            OptionTable.ApplyLive(options, name, value);
        }

        await GetOptions(context, Array.Empty<string>());
    }

    public Task GetOptions(HttpContext context, string[] _)
    {
        var current = new JsonObject();
        foreach (var definition in OptionTable.All.Where(definition => definition.IsLive))
        {
            var text = definition.Current(options);
            current[definition.JsonName] = definition.Kind switch
            {
                OptionKind.Switch => JsonValue.Create(text == "true"),
                OptionKind.Number => JsonNode.Parse(text),
                OptionKind.NumberList => new JsonArray(text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(part => JsonNode.Parse(part)).ToArray()),
                _ => JsonValue.Create(text),
            };
        }

        return ApiResponses.Json(context, 200, current);
    }

    /// <summary>A JSON value as the command line would spell it: arrays become comma lists, booleans true/false.</summary>
    private static string OptionText(JsonNode? node) => node switch
    {
        null => throw new ArgumentException("null is not a value; send the setting itself."),
        JsonArray list => string.Join(',', list.Select(item => OptionText(item))),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValueKind() == JsonValueKind.True ? "true" : "false",
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => throw new ArgumentException($"{node.ToJsonString()} is not a value."),
    };
}
