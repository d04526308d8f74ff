using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>
/// A run's normalized output. Seedance is expected to return <c>outputs[0] = {url, type: "video"}</c>, but the shapes
/// other Runflow docs and SDK extractors show are read too: <c>video.url</c>, <c>video</c>, <c>video_url</c>,
/// <c>image_urls[]</c>, <c>image</c>, <c>url</c>, <c>output_url</c>.
/// </summary>
public sealed class RunOutput
{
    public RunOutput(IReadOnlyList<OutputFile> files, string? seed, bool? nsfwDetected, IDictionary<string, object?> raw)
    {
        Files = files;
        Seed = seed;
        NsfwDetected = nsfwDetected;
        Raw = raw;
    }

    public IReadOnlyList<OutputFile> Files { get; }

    /// <summary>Where the run's video is among <see cref="Files"/>: the first file typed video, else the first file (a
    /// shape without types still holds the video first); null when there is no file.</summary>
    public int? VideoIndex
    {
        get
        {
            for (var index = 0; index < Files.Count; index++)
            {
                if (string.Equals(Files[index].Type, "video", StringComparison.OrdinalIgnoreCase))
                {
                    return index;
                }
            }

            return Files.Count > 0 ? 0 : null;
        }
    }

    /// <summary>The file at <see cref="VideoIndex"/>.</summary>
    public OutputFile? Video => VideoIndex is { } index ? Files[index] : null;

    /// <summary>The seed the provider used, as text (the API may send a string or a number).</summary>
    public string? Seed { get; }

    public bool? NsfwDetected { get; }

    /// <summary>Every field of the output object.</summary>
    public IDictionary<string, object?> Raw { get; }

    internal static RunOutput? FromElement(JsonElement output)
    {
        if (output.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var files = new List<OutputFile>();
        if (JsonValues.TryGet(output, "outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in outputs.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.String)
                {
                    Add(files, entry.GetString(), null);
                }
                else if (entry.ValueKind == JsonValueKind.Object)
                {
                    Add(files, JsonValues.String(entry, "url"), JsonValues.String(entry, "type"),
                        JsonValues.Int(entry, "width"), JsonValues.Int(entry, "height"),
                        JsonValues.Double(entry, "duration", "duration_seconds"), JsonValues.String(entry, "content_type", "mime_type"));
                }
            }
        }

        if (files.Count == 0)
        {
            AddNamed(files, output, "video", "video");
            Add(files, JsonValues.String(output, "video_url"), "video");
            AddList(files, output, "video_urls", "video");
            AddList(files, output, "image_urls", "image");
            AddNamed(files, output, "image", "image");
            Add(files, JsonValues.String(output, "url"), null);
            Add(files, JsonValues.String(output, "output_url"), null);
        }

        var raw = (IDictionary<string, object?>)JsonValues.ToPlain(output)!;
        return new RunOutput(files, JsonValues.String(output, "seed"), JsonValues.Bool(output, "nsfw_detected"), raw);
    }

    private static void AddNamed(List<OutputFile> files, JsonElement output, string name, string type)
    {
        if (!JsonValues.TryGet(output, name, out var value))
        {
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                Add(files, value.GetString(), type);
                break;
            case JsonValueKind.Object:
                Add(files, JsonValues.String(value, "url"), type, JsonValues.Int(value, "width"), JsonValues.Int(value, "height"),
                    JsonValues.Double(value, "duration"), JsonValues.String(value, "content_type"));
                break;
            case JsonValueKind.Array:
                AddList(files, output, name, type);
                break;
        }
    }

    private static void AddList(List<OutputFile> files, JsonElement output, string name, string type)
    {
        if (!JsonValues.TryGet(output, name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var item in list.EnumerateArray())
        {
            Add(files, item.ValueKind == JsonValueKind.String ? item.GetString() : JsonValues.String(item, "url"), type);
        }
    }

    private static void Add(List<OutputFile> files, string? url, string? type, int? width = null, int? height = null,
        double? duration = null, string? contentType = null)
    {
        if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            files.Add(new OutputFile(uri, type, width, height, duration, contentType));
        }
    }
}
