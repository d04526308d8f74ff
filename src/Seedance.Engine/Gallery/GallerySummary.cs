using System;
using System.Collections.Generic;
using System.Linq;

namespace Seedance.Engine.Gallery;

/// <summary>The counts and totals a gallery page's header shows.</summary>
public sealed class GallerySummary
{
    private GallerySummary()
    {
    }

    public int Cards { get; private set; }

    /// <summary>Cards with a playable file on disk.</summary>
    public int Videos { get; private set; }

    /// <summary>Cards of runs that left no video (failed, canceled) or whose video file is gone.</summary>
    public int WithoutVideo { get; private set; }

    /// <summary>Video files with no metadata beside them: only the file describes them.</summary>
    public int WithoutMetadata { get; private set; }

    /// <summary>How many cards have each run status (as the API spells it), most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Statuses { get; private set; } = Array.Empty<KeyValuePair<string, int>>();

    /// <summary>The actual cost of every run on the page, in USD.</summary>
    public decimal TotalCost { get; private set; }

    /// <summary>How many cards have a cost (the total counts only these).</summary>
    public int CostedCards { get; private set; }

    /// <summary>The length of every video whose header gives one.</summary>
    public TimeSpan TotalDuration { get; private set; }

    public long TotalBytes { get; private set; }

    public static GallerySummary Of(IReadOnlyCollection<GalleryCard> cards)
    {
        var costed = cards.Where(card => card.Cost is not null).ToList();
        return new GallerySummary
        {
            Cards = cards.Count,
            Videos = cards.Count(card => card.HasVideo),
            WithoutVideo = cards.Count(card => !card.HasVideo),
            WithoutMetadata = cards.Count(card => card.RunId is null),
            Statuses = cards.Where(card => card.Status is not null)
                .GroupBy(card => card.Status!.Trim().ToLowerInvariant())
                .OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => new KeyValuePair<string, int>(group.Key, group.Count()))
                .ToList(),
            TotalCost = costed.Sum(card => card.Cost!.Value),
            CostedCards = costed.Count,
            TotalDuration = TimeSpan.FromTicks(cards.Sum(card => card.Facts?.Duration?.Ticks ?? 0)),
            TotalBytes = cards.Sum(card => card.Bytes ?? 0),
        };
    }
}
