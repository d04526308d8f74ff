using System;
using System.Collections.Generic;
using System.Linq;

namespace Seedance.Engine;

/// <summary>The Seedance 2.0 model paths on Runflow and their documented input values (runflow-api.md §2, §10).</summary>
public static class SeedanceModels
{
    public const string TextToVideo = "bytedance/seedance/2.0/text-to-video";
    public const string FastTextToVideo = "bytedance/seedance/2.0/fast/text-to-video";
    public const string ImageToVideo = "bytedance/seedance/2.0/image-to-video";

    /// <summary>INFERRED: no Runflow page documents it; the path follows the fast text-to-video pattern (and fal.ai's).</summary>
    public const string FastImageToVideo = "bytedance/seedance/2.0/fast/image-to-video";

    public static IReadOnlyList<string> Known { get; } = new[] { TextToVideo, FastTextToVideo, ImageToVideo, FastImageToVideo };

    public static IReadOnlyList<string> AspectRatios { get; } = new[] { "auto", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16" };

    /// <summary>Durations are a STRING enum: "auto" or "4" … "15".</summary>
    public static IReadOnlyList<string> Durations { get; } =
        new[] { "auto" }.Concat(Enumerable.Range(4, 12).Select(seconds => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

    public static IReadOnlyList<string> Resolutions { get; } = new[] { "480p", "720p", "1080p" };

    public static bool IsKnown(string model) => Known.Contains(Normalize(model), StringComparer.Ordinal);

    /// <summary>The model path, normalized, when it is one of <see cref="Known"/>; otherwise it is refused here, offline,
    /// so a typo fails a dry run and an estimate as it would fail the paid create, instead of only at the create.</summary>
    /// <exception cref="RunflowUnknownModelException">The path is not a Seedance 2.0 model.</exception>
    public static string RequireKnown(string model)
    {
        var normalized = Normalize(model);
        return Known.Contains(normalized, StringComparer.Ordinal) ? normalized : throw new RunflowUnknownModelException(model, Known);
    }

    public static bool RequiresImage(string model) => Normalize(model).EndsWith("/image-to-video", StringComparison.Ordinal);

    /// <summary>The Fast variant of a known model (itself when it already is one); null for models without one.</summary>
    public static string? FastVariantOf(string model) => Normalize(model) switch
    {
        TextToVideo or FastTextToVideo => FastTextToVideo,
        ImageToVideo or FastImageToVideo => FastImageToVideo,
        _ => null,
    };

    internal static string Normalize(string model) => (model ?? string.Empty).Trim().Trim('/');
}
