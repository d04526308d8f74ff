using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>
/// Strict validation of create bodies, per model, as a strict server following runflow-api.md would do it: the
/// documented fields only, each with its documented type (duration and seed are strings), enums checked exactly.
/// Problems name the field as the client wrote it, e.g. <c>input.duration</c> or <c>input[3].prompt</c>.
/// </summary>
internal static class InputRules
{
    public const int MaxBatchItems = 100;

    private static readonly HashSet<string> TextFields = new(StringComparer.Ordinal)
    {
        "prompt", "aspect_ratio", "duration", "resolution", "generate_audio", "seed", "end_user_id",
    };

    private static readonly HashSet<string> ImageFields = new(TextFields, StringComparer.Ordinal) { "image_url", "end_image_url" };

    /// <summary>Checks <c>{input, callback_url?, metadata?, client_ref?}</c> for a single run.</summary>
    public static List<(string Field, string Message, string Code)> ValidateRun(string model, JsonNode? body, Func<string, bool> assetExists)
    {
        var problems = new List<(string, string, string)>();
        if (body is not JsonObject root)
        {
            problems.Add(("body", "The body must be a JSON object.", "type"));
            return problems;
        }

        UnknownKeys(root, string.Empty, problems, "input", "callback_url", "metadata", "client_ref");
        CheckCallbackAndMetadata(root, problems);
        CheckClientRef(root, "client_ref", problems);
        if (root["input"] is JsonObject input)
        {
            CheckInput(model, input, "input.", assetExists, problems);
        }
        else
        {
            problems.Add(("input", "input is required and must be an object.", root.ContainsKey("input") ? "type" : "required"));
        }

        return problems;
    }

    /// <summary>
    /// Checks a batch body and returns its items. The API reference's shape is <c>{input: [item...], metadata?,
    /// callback_url?}</c> where an item is the model input plus an optional <c>client_ref</c>; the batch guide shows
    /// <c>{items: [{input, client_ref?}], ...}</c> instead. The docs conflict, so <paramref name="shape"/> <c>both</c>
    /// accepts either (not both at once); <c>reference</c> or <c>guide</c> takes only that one, and the other's list is an
    /// unknown field.
    /// </summary>
    public static List<(string Field, string Message, string Code)> ValidateBatch(string model, JsonNode? body, Func<string, bool> assetExists,
        string shape, out List<(JsonObject Input, string? ClientRef)> items)
    {
        items = new List<(JsonObject, string?)>();
        var problems = new List<(string, string, string)>();
        if (body is not JsonObject root)
        {
            problems.Add(("body", "The body must be a JSON object.", "type"));
            return problems;
        }

        var lists = shape switch
        {
            "reference" => new[] { "input" },
            "guide" => new[] { "items" },
            _ => new[] { "input", "items" },
        };
        UnknownKeys(root, string.Empty, problems, lists.Concat(new[] { "callback_url", "metadata" }).ToArray());
        CheckCallbackAndMetadata(root, problems);
        var guideShape = shape == "guide" || (shape != "reference" && root.ContainsKey("items") && !root.ContainsKey("input"));
        var listName = guideShape ? "items" : "input";
        if (lists.Length == 2 && root.ContainsKey("items") && root.ContainsKey("input"))
        {
            problems.Add(("items", "Send the items either as input[] or as items[], not both.", "conflict"));
            return problems;
        }

        if (root[listName] is not JsonArray list || list.Count is < 1 or > MaxBatchItems)
        {
            problems.Add((listName, $"{listName} must be an array of 1 to {MaxBatchItems} items.", "length"));
            return problems;
        }

        for (var index = 0; index < list.Count; index++)
        {
            var prefix = $"{listName}[{index}]";
            if (list[index] is not JsonObject entry)
            {
                problems.Add((prefix, "Each item must be an object.", "type"));
                continue;
            }

            JsonObject input;
            if (guideShape)
            {
                UnknownKeys(entry, prefix + ".", problems, "input", "client_ref");
                CheckClientRef(entry, prefix + ".client_ref", problems);
                if (entry["input"] is not JsonObject nested)
                {
                    problems.Add((prefix + ".input", "input is required and must be an object.", "required"));
                    continue;
                }

                input = (JsonObject)nested.DeepClone();
                CheckInput(model, input, prefix + ".input.", assetExists, problems);
            }
            else
            {
                // client_ref is stripped before the item is validated against the model's inputs (runflow-api.md §5).
                CheckClientRef(entry, prefix + ".client_ref", problems);
                input = (JsonObject)entry.DeepClone();
                input.Remove("client_ref");
                CheckInput(model, input, prefix + ".", assetExists, problems);
            }

            items.Add((input, JsonRead.String(entry["client_ref"])));
        }

        return problems;
    }

    private static void CheckInput(string model, JsonObject input, string prefix, Func<string, bool> assetExists, List<(string, string, string)> problems)
    {
        var image = ModelCatalog.IsImageModel(model);
        var allowed = image ? ImageFields : TextFields;
        foreach (var (key, _) in input)
        {
            if (!allowed.Contains(key))
            {
                var hint = !image && key is "image_url" or "end_image_url" ? " Use an image-to-video model for image inputs." : string.Empty;
                problems.Add((prefix + key, $"Unknown input '{key}' for {model}.{hint}", "unknown_field"));
            }
        }

        if (!JsonRead.IsString(input["prompt"]) || string.IsNullOrWhiteSpace(JsonRead.String(input["prompt"])))
        {
            problems.Add((prefix + "prompt", "prompt is required and must be a non-empty string.", input.ContainsKey("prompt") ? "type" : "required"));
        }

        Enum(input, "aspect_ratio", ModelCatalog.AspectRatios, prefix, problems);
        Enum(input, "duration", ModelCatalog.Durations, prefix, problems);
        Enum(input, "resolution", ModelCatalog.Resolutions, prefix, problems);
        if (input.TryGetPropertyValue("generate_audio", out var audio) && audio?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add((prefix + "generate_audio", "generate_audio must be a boolean.", "type"));
        }

        foreach (var field in new[] { "seed", "end_user_id" })
        {
            if (input.TryGetPropertyValue(field, out var value) && !JsonRead.IsString(value))
            {
                problems.Add((prefix + field, $"{field} must be a string.", "type"));
            }
        }

        if (image)
        {
            if (!input.ContainsKey("image_url"))
            {
                problems.Add((prefix + "image_url", "image_url is required.", "required"));
            }

            Media(input, "image_url", prefix, assetExists, problems);
            Media(input, "end_image_url", prefix, assetExists, problems);
        }
    }

    /// <summary>Adds an unknown_field problem for every key of <paramref name="root"/> that is not allowed.</summary>
    public static void UnknownKeys(JsonObject root, string prefix, List<(string, string, string)> problems, params string[] allowed)
    {
        foreach (var (key, _) in root)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                problems.Add((prefix + key, $"Unknown field '{key}'.", "unknown_field"));
            }
        }
    }

    private static void CheckCallbackAndMetadata(JsonObject root, List<(string, string, string)> problems)
    {
        if (root.TryGetPropertyValue("callback_url", out var callback) && callback is not null)
        {
            var url = JsonRead.String(callback);
            if (url is null || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            {
                problems.Add(("callback_url", "callback_url must be an absolute http(s) URL of at most 2048 characters.", "url"));
            }
        }

        if (root.TryGetPropertyValue("metadata", out var metadata) && metadata is not null && metadata is not JsonObject)
        {
            problems.Add(("metadata", "metadata must be an object or null.", "type"));
        }
    }

    private static void CheckClientRef(JsonObject owner, string field, List<(string, string, string)> problems)
    {
        if (owner.TryGetPropertyValue("client_ref", out var clientRef) && clientRef is not null
            && (JsonRead.String(clientRef) is not { } text || text.Length > 255))
        {
            problems.Add((field, "client_ref must be a string of at most 255 characters.", "type"));
        }
    }

    private static void Enum(JsonObject input, string field, string[] allowed, string prefix, List<(string, string, string)> problems)
    {
        if (input.TryGetPropertyValue(field, out var value) && (JsonRead.String(value) is not { } text || !allowed.Contains(text, StringComparer.Ordinal)))
        {
            problems.Add((prefix + field, $"{field} must be one of the strings {string.Join(", ", allowed.Select(option => "\"" + option + "\""))}.", "enum"));
        }
    }

    private static void Media(JsonObject input, string field, string prefix, Func<string, bool> assetExists, List<(string, string, string)> problems)
    {
        if (!input.TryGetPropertyValue(field, out var value))
        {
            return;
        }

        if (JsonRead.String(value) is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            problems.Add((prefix + field, $"{field} must be a URL.", "url"));
            return;
        }

        var usable = ((uri.Scheme is "http" or "https") && uri.Host.Length > 0)
            || (uri.Scheme == "data" && text.Contains(',', StringComparison.Ordinal))
            || (uri.Scheme == "runflow" && uri.Host == "assets" && assetExists(uri.AbsolutePath.Trim('/')));
        if (!usable)
        {
            problems.Add((prefix + field, $"{field} must use HTTP(S), a data URI or the runflow://assets/{{id}} reference of an uploaded asset.", "url"));
        }
    }
}
