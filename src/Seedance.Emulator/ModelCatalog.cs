using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>The Seedance 2.0 models the emulator serves, with their documented inputs (runflow-api.md §10).</summary>
internal static class ModelCatalog
{
    public static readonly string[] AspectRatios = { "auto", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16" };
    public static readonly string[] Durations = new[] { "auto" }.Concat(Enumerable.Range(4, 12).Select(seconds => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
    public static readonly string[] Resolutions = { "480p", "720p", "1080p" };

    public static readonly string[] Models =
    {
        "bytedance/seedance/2.0/text-to-video",
        "bytedance/seedance/2.0/fast/text-to-video",
        "bytedance/seedance/2.0/image-to-video",
        "bytedance/seedance/2.0/fast/image-to-video",
    };

    public static bool IsKnown(string model) => Models.Contains(model, StringComparer.Ordinal);

    public static bool IsImageModel(string model) => model.EndsWith("/image-to-video", StringComparison.Ordinal);

    /// <summary>A stable UUID per model: the run object carries the model's UUID, not its slug.</summary>
    public static string ModelId(string model)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(model));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(Convert.ToHexString(hash)).ToString();
    }

    public static JsonObject Describe(string model)
    {
        var image = IsImageModel(model);
        var inputs = new JsonArray();
        var order = 0;
        void Input(string name, string type, bool required, JsonNode? defaultValue, string[]? values, string description)
        {
            inputs.Add(new JsonObject
            {
                ["name"] = name,
                ["display_name"] = string.Join(' ', name.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..])),
                ["description"] = description,
                ["variable_type_code"] = type,
                ["default_behavior_code"] = defaultValue is null ? "none" : "value",
                ["validator_code"] = values is null ? null : "enum",
                ["validator_attrs"] = values is null ? null : new JsonObject { ["options"] = new JsonArray(values.Select(value => (JsonNode?)value).ToArray()) },
                ["is_required"] = required,
                ["default_value"] = defaultValue,
                ["sort_order"] = order++,
                ["is_featured"] = required,
            });
        }

        if (image)
        {
            Input("image_url", "image", true, null, null, "Start frame (JPEG/PNG/WebP, max 30 MB).");
        }

        Input("prompt", "string", true, null, null, image ? "The motion or action to generate." : "What the video shows.");
        if (image)
        {
            Input("end_image_url", "image", false, null, null, "Last frame.");
        }

        Input("aspect_ratio", "string", false, "auto", AspectRatios, "Aspect ratio.");
        Input("duration", "string", false, "auto", Durations, "Length in seconds, as a string.");
        Input("resolution", "string", false, "720p", Resolutions, "Output resolution.");
        Input("generate_audio", "boolean", false, true, null, "Generate sound (same price).");
        Input("seed", "string", false, null, null, "Seed.");
        Input("end_user_id", "string", false, null, null, "Your end user's id.");
        var fast = model.Contains("/fast/", StringComparison.Ordinal);
        return new JsonObject
        {
            ["id"] = ModelId(model),
            ["slug"] = model,
            ["name"] = "Seedance 2.0 " + (fast ? "Fast " : string.Empty) + (image ? "Image to Video" : "Text to Video"),
            ["status_code"] = "active",
            ["availability_status"] = "available",
            ["pricing_note"] = "$" + Pricing.PerSecond720p(model).ToString(System.Globalization.CultureInfo.InvariantCulture) + " per second (720p)",
            ["supports_streaming"] = false,
            ["max_resolution"] = "1080p",
            ["inputs"] = inputs,
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "video", ["type"] = "video" }),
        };
    }
}
