using System;
using System.Collections.Generic;
using System.IO;

namespace Seedance.Emulator;

/// <summary>
/// The embedded media the videos are made of (Assets/make-samples.sh): one 1 s H.264 GOP per documented aspect ratio,
/// small enough that a 15 s video stays near 20 KB, and one run of silent AAC frames shared by all.
/// </summary>
internal static class VideoSamples
{
    /// <summary>Even displayed sizes within 1% of each ratio; those that are not whole macroblocks are cropped in
    /// the SPS (e.g. 160x90 is coded as 160x96).</summary>
    private static readonly Dictionary<string, (int Width, int Height)> Sizes = new(StringComparer.Ordinal)
    {
        ["21:9"] = (224, 96),
        ["16:9"] = (160, 90),
        ["4:3"] = (160, 120),
        ["1:1"] = (128, 128),
        ["3:4"] = (120, 160),
        ["9:16"] = (90, 160),
    };

    private static readonly Dictionary<string, Lazy<H264Gop>> Gops = CreateGops();

    private static readonly Lazy<AacRun> Silence = new(() => AacRun.Parse("silence.aac", Read("silence.aac")));

    public static AacRun Audio => Silence.Value;

    public static H264Gop Video(string aspectRatio) =>
        Gops.TryGetValue(aspectRatio, out var gop)
            ? gop.Value
            : throw new ArgumentOutOfRangeException(nameof(aspectRatio), aspectRatio, "No sample has this aspect ratio.");

    private static Dictionary<string, Lazy<H264Gop>> CreateGops()
    {
        var gops = new Dictionary<string, Lazy<H264Gop>>(StringComparer.Ordinal);
        foreach (var (ratio, (width, height)) in Sizes)
        {
            var name = $"gop-{width}x{height}.h264";
            gops[ratio] = new Lazy<H264Gop>(() => H264Gop.Parse(name, Read(name), width, height));
        }

        return gops;
    }

    private static byte[] Read(string fileName)
    {
        var resourceName = "Seedance.Emulator." + fileName;
        using var resource = typeof(VideoSamples).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{resourceName} is missing from the emulator assembly.");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }
}
