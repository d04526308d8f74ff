using System;
using System.Collections.Generic;
using System.Globalization;

namespace Seedance.Engine;

/// <summary>
/// Seedance 2.0 prices, in one table. Source: runflow-api.md §10 (docs.runflow.io model pages): per second of output
/// at 720p — text-to-video $0.3034, Fast text-to-video $0.2419, image-to-video $0.3024; audio does not change the
/// price; failed runs are not billed. Everything else is UNKNOWN and estimated on the side that protects a budget:
/// the Fast image-to-video model is priced as the dearest published model; 480p is priced as 720p (never less);
/// 1080p is 720p × 2.25 (the pixel ratio); <c>auto</c> duration is counted at the maximum, 15 s.
/// </summary>
public static class SeedancePricing
{
    public const int MaxSeconds = 15;
    public const decimal Assumed1080pMultiplier = 2.25m;

    private static readonly Dictionary<string, decimal> PublishedPerSecond720p = new(StringComparer.Ordinal)
    {
        [SeedanceModels.TextToVideo] = 0.3034m,
        [SeedanceModels.FastTextToVideo] = 0.2419m,
        [SeedanceModels.ImageToVideo] = 0.3024m,
    };

    private const decimal HighestPublishedPerSecond = 0.3034m;

    public static CostEstimate Estimate(string model, string? resolution, string? duration)
    {
        var normalized = SeedanceModels.Normalize(model);
        var assumed = !PublishedPerSecond720p.TryGetValue(normalized, out var perSecond);
        if (assumed)
        {
            perSecond = HighestPublishedPerSecond;
        }

        switch ((resolution ?? "720p").Trim().ToLowerInvariant())
        {
            case "720p":
                break;
            case "1080p":
                perSecond *= Assumed1080pMultiplier;
                assumed = true;
                break;
            default:
                assumed = true;
                break;
        }

        var isAuto = string.IsNullOrWhiteSpace(duration) || string.Equals(duration!.Trim(), "auto", StringComparison.OrdinalIgnoreCase);
        var seconds = MaxSeconds;
        if (!isAuto && !int.TryParse(duration!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
        {
            seconds = MaxSeconds;
            isAuto = true;
        }

        return new CostEstimate(Math.Round(perSecond * seconds, 4), seconds, isAuto, perSecond, assumed);
    }
}
