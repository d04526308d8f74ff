namespace Seedance;

/// <summary>What Save-SeedanceVideo did with one video.</summary>
public enum SeedanceVideoStatus
{
    /// <summary>Downloaded and written under its final name.</summary>
    Saved,

    /// <summary>This run's complete video was already there (the folder's index says so); nothing was downloaded.</summary>
    Skipped,
}
