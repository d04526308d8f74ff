using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>Strict validation of a create body, per model, as a strict server following the docs would do it.</summary>
internal static class InputRules
{
    private static readonly HashSet<string> TextFields = new(StringComparer.Ordinal)
    {
        "prompt", "aspect_ratio", "duration", "resolution", "generate_audio", "seed", "end_user_id",
    };

    public static List<(string Field, string Message, string Code)> Validate(string model, JsonNode? body, string prefix,
        Func<string, bool> assetExists, bool requireTopLevel = true)
    {
        var problems = new List<(string, string, string)>();
        if (body is not JsonObject root)
        {
            problems.Add((prefix.TrimEnd('.'), "The body must be a JSON object.", "type"));
            return problems;
        }

        JsonObject? input;
        if (requireTopLevel)
        {
            foreach (var key in root.Select(pair => pair.Key).Where(key => key is not ("input" or "callback_url" or "metadata" or "client_ref")))
            {
                problems.Add((key, $"Unknown field '{key}'.", "unknown_field"));
            }

            input = root["input"] as JsonObject;
            if (input is null)
            {
                problems.Add(("input", "input is required and must be an object.", "required"));
                return problems;
            }

            CheckTopLevel(root, problems);
        }
        else
        {
            input = root;
        }

        var image = ModelCatalog.IsImageModel(model);
        var allowed = image ? new HashSet<string>(TextFields) { "image_url", "end_image_url" } : TextFields;
        foreach (var (key, _) in input)
        {
            if (!allowed.Contains(key) && !(requireTopLevel == false && key == "client_ref"))
            {
                problems.Add((prefix + key, $"Unknown input '{key}' for {model}.", "unknown_field"));
            }
        }

        if (!IsString(input["prompt"], out var prompt) || string.IsNullOrWhiteSpace(prompt))
        {
            problems.Add((prefix + "prompt", "prompt is required and must be a non-empty string.", "required"));
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
            if (input.TryGetPropertyValue(field, out var value) && !IsString(value, out _))
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

        return problems;
    }

    private static void CheckTopLevel(JsonObject root, List<(string, string, string)> problems)
    {
        if (root.TryGetPropertyValue("callback_url", out var callback) && callback is not null)
        {
            if (!IsString(callback, out var url) || url!.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add(("callback_url", "callback_url must be an absolute http(s) URL of at most 2048 characters.", "url"));
            }
        }

        if (root.TryGetPropertyValue("metadata", out var metadata) && metadata is not null && metadata is not JsonObject)
        {
            problems.Add(("metadata", "metadata must be an object or null.", "type"));
        }

        if (root.TryGetPropertyValue("client_ref", out var clientRef) && clientRef is not null
            && (!IsString(clientRef, out var text) || text!.Length > 255))
        {
            problems.Add(("client_ref", "client_ref must be a string of at most 255 characters.", "type"));
        }
    }

    private static void Enum(JsonObject input, string field, string[] allowed, string prefix, List<(string, string, string)> problems)
    {
        if (input.TryGetPropertyValue(field, out var value) && (!IsString(value, out var text) || !allowed.Contains(text, StringComparer.Ordinal)))
        {
            problems.Add((prefix + field, $"{field} must be one of the strings {string.Join(", ", allowed)}.", "enum"));
        }
    }

    private static void Media(JsonObject input, string field, string prefix, Func<string, bool> assetExists, List<(string, string, string)> problems)
    {
        if (!input.TryGetPropertyValue(field, out var value))
        {
            return;
        }

        if (!IsString(value, out var text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            problems.Add((prefix + field, $"{field} must be a URL.", "url"));
            return;
        }

        var usable = uri.Scheme is "http" or "https" or "data"
            || (uri.Scheme == "runflow" && uri.Host == "assets" && assetExists(uri.AbsolutePath.Trim('/')));
        if (!usable)
        {
            problems.Add((prefix + field, $"{field} must use HTTP(S), a data URI or an uploaded runflow://assets/ reference.", "url"));
        }
    }

    private static bool IsString(JsonNode? node, out string? text)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            text = value.GetValue<string>();
            return true;
        }

        text = null;
        return false;
    }
}
