using System;

namespace Seedance.Emulator;

/// <summary>What the emulator charges. The 720p prices are Runflow's published ones (runflow-api.md §10); the 480p and
/// 1080p multipliers are this emulator's own assumption, as Runflow publishes none.</summary>
internal static class Pricing
{
    public static decimal PerSecond720p(string model) => model switch
    {
        "bytedance/seedance/2.0/text-to-video" => 0.3034m,
        "bytedance/seedance/2.0/fast/text-to-video" => 0.2419m,
        "bytedance/seedance/2.0/image-to-video" => 0.3024m,
        "bytedance/seedance/2.0/fast/image-to-video" => 0.2419m,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model."),
    };

    public static decimal Cost(string model, string? resolution, int seconds)
    {
        var multiplier = resolution switch
        {
            "480p" => 0.5m,
            "1080p" => 2.25m,
            _ => 1m,
        };
        return Math.Round(PerSecond720p(model) * multiplier * seconds, 4);
    }
}
