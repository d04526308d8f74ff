namespace Seedance.Engine;

/// <summary>Where <see cref="VideoDestination.Choose"/> decided a run's video goes, and what it found there.</summary>
public sealed class DestinationChoice
{
    internal DestinationChoice(string path, string requestedPath, long? completeBytes, bool ownedBySidecarOnly, string? displacedBy)
    {
        Path = path;
        RequestedPath = requestedPath;
        CompleteBytes = completeBytes;
        OwnedBySidecarOnly = ownedBySidecarOnly;
        DisplacedBy = displacedBy;
    }

    /// <summary>The file to write (or that is already complete).</summary>
    public string Path { get; }

    /// <summary>The file asked for; differs from <see cref="Path"/> when another run's file, or a file Seedance did not
    /// save, holds that name.</summary>
    public string RequestedPath { get; }

    /// <summary>The length of this run's complete video already at <see cref="Path"/>, as the folder's index recorded
    /// it; null when there is none.</summary>
    public long? CompleteBytes { get; }

    /// <summary>A file at <see cref="Path"/> that only its JSON sidecar (written by a version without the index) ties to
    /// this run: it counts as complete when its length matches what the file host serves.</summary>
    public bool OwnedBySidecarOnly { get; }

    /// <summary>What holds <see cref="RequestedPath"/> when the video goes elsewhere ("the video of run X", "a file
    /// Seedance did not save"), for the warning that says so.</summary>
    public string? DisplacedBy { get; }
}
