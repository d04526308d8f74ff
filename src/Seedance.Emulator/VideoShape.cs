using System;
using System.Linq;

namespace Seedance.Emulator;

/// <summary>What a run's video looks like: its length and its aspect ratio, as the run's input asked.</summary>
internal readonly record struct VideoShape(int Seconds, string AspectRatio)
{
    /// <summary>What "auto" (or no choice) gives: the model's pick for text-to-video, and what the emulator reports
    /// for image-to-video too (see RunRepresentation.Dimensions).</summary>
    public const string DefaultAspectRatio = "16:9";

    /// <summary>The run's shape; call under the state lock, since it reads the run. The run's billed seconds are its
    /// video's length, "auto" included (5 s).</summary>
    public static VideoShape Of(EmulatedRun run)
    {
        var ratio = JsonRead.String(run.Input["aspect_ratio"]);
        var known = ratio is not null && ratio != "auto" && ModelCatalog.AspectRatios.Contains(ratio, StringComparer.Ordinal);
        return new VideoShape(run.VideoSeconds, known ? ratio! : DefaultAspectRatio);
    }
}
