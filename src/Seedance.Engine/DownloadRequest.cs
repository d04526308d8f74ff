namespace Seedance.Engine;

/// <summary>What to download: one output of a run, to one file.</summary>
public sealed class DownloadRequest
{
    public Run Run { get; set; } = null!;

    /// <summary>Which of the run's output files (0 for the first).</summary>
    public int OutputIndex { get; set; }

    public string DestinationPath { get; set; } = string.Empty;

    /// <summary>Download even when a complete file is already at the destination, and replace it.</summary>
    public bool Overwrite { get; set; }
}
