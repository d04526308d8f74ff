using System;
using System.Collections.Generic;
using System.Linq;

namespace Seedance.Engine;

/// <summary>
/// The documented per-model input rules of Seedance 2.0 (runflow-api.md §10), checked before anything is sent so a
/// bad value costs nothing. Models this engine does not know are not checked (the API's own 422 still applies).
/// </summary>
public static class SeedanceInputValidator
{
    private static readonly HashSet<string> TextFields = new(StringComparer.Ordinal)
    {
        "prompt", "aspect_ratio", "duration", "resolution", "generate_audio", "seed", "end_user_id",
    };

    private static readonly HashSet<string> ImageFields = new(TextFields.Concat(new[] { "image_url", "end_image_url" }), StringComparer.Ordinal);

    public static IReadOnlyList<FieldError> Validate(string model, IDictionary<string, object?> input)
    {
        var problems = new List<FieldError>();
        if (!SeedanceModels.IsKnown(model))
        {
            return problems;
        }

        var isImageModel = SeedanceModels.RequiresImage(model);
        var allowed = isImageModel ? ImageFields : TextFields;
        foreach (var field in input.Keys.Where(field => !allowed.Contains(field)))
        {
            problems.Add(new FieldError("input." + field,
                field is "image_url" or "end_image_url"
                    ? $"{model} is a text-to-video model and takes no {field}; use {SeedanceModels.ImageToVideo}."
                    : $"{model} has no input named '{field}'.", "unknown_field"));
        }

        if (!input.TryGetValue("prompt", out var prompt) || prompt is not string text || text.Trim().Length == 0)
        {
            problems.Add(new FieldError("input.prompt", "A prompt is required (a non-empty string).", "required"));
        }

        CheckEnum(input, "aspect_ratio", SeedanceModels.AspectRatios, problems);
        CheckEnum(input, "duration", SeedanceModels.Durations, problems);
        CheckEnum(input, "resolution", SeedanceModels.Resolutions, problems);
        if (input.TryGetValue("generate_audio", out var audio) && audio is not bool)
        {
            problems.Add(new FieldError("input.generate_audio", "generate_audio must be true or false.", "type"));
        }

        foreach (var field in new[] { "seed", "end_user_id" })
        {
            if (input.TryGetValue(field, out var value) && value is not string)
            {
                problems.Add(new FieldError("input." + field, $"{field} must be a string.", "type"));
            }
        }

        if (isImageModel)
        {
            if (!input.ContainsKey("image_url"))
            {
                problems.Add(new FieldError("input.image_url", $"{model} needs image_url, the start frame.", "required"));
            }

            CheckMediaUrl(input, "image_url", problems);
            CheckMediaUrl(input, "end_image_url", problems);
        }

        return problems;
    }

    private static void CheckEnum(IDictionary<string, object?> input, string field, IReadOnlyList<string> allowed, List<FieldError> problems)
    {
        if (!input.TryGetValue(field, out var value))
        {
            return;
        }

        if (value is not string text || !allowed.Contains(text, StringComparer.Ordinal))
        {
            var shown = value is string ? $"'{value}'" : value is null ? "null" : $"{value} ({value.GetType().Name}, not a string)";
            problems.Add(new FieldError("input." + field, $"{field} {shown} is not one of {string.Join(", ", allowed)}.", "enum"));
        }
    }

    private static void CheckMediaUrl(IDictionary<string, object?> input, string field, List<FieldError> problems)
    {
        if (!input.TryGetValue(field, out var value))
        {
            return;
        }

        if (value is not string text || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != "data" && uri.Scheme != "runflow"))
        {
            problems.Add(new FieldError("input." + field, $"{field} must be an http(s) URL, a data: URI or a runflow://assets/ reference.", "url"));
        }
    }
}
