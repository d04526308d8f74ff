namespace Seedance;

/// <summary>What Save-SeedanceVideo did with one video.</summary>
public enum SeedanceVideoStatus
{
    /// <summary>Downloaded and written under its final name.</summary>
    Saved,

    /// <summary>A complete file of the same size was already there; nothing was downloaded.</summary>
    Skipped,
}
