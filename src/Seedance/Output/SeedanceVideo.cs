using System;

namespace Seedance;

/// <summary>One video file written (or found complete) by Save-SeedanceVideo.</summary>
public sealed class SeedanceVideo
{
    internal SeedanceVideo(SeedanceRun run, string path, long bytes, SeedanceVideoStatus status, string? metadataPath, string? directory = null)
    {
        Directory = directory ?? System.IO.Path.GetDirectoryName(path) ?? string.Empty;
        Run = run;
        Path = path;
        Bytes = bytes;
        Status = status;
        MetadataPath = metadataPath;
    }

    public string RunId => Run.Id;

    public string? ClientRef => Run.ClientRef;

    public string Path { get; }

    /// <summary>The folder Save-SeedanceVideo saved into (its -Directory, or the folder of -Path): Export-SeedanceGallery
    /// covers this folder when it is given piped videos and no -Directory.</summary>
    public string Directory { get; }

    public long Bytes { get; }

    /// <summary>The size in mebibytes (1 MB = 1,048,576 bytes), rounded to two decimals, as the default table shows it.</summary>
    public decimal SizeMB => Math.Round(Bytes / 1_048_576m, 2);

    public SeedanceVideoStatus Status { get; }

    /// <summary>The JSON sidecar written by -IncludeMetadata.</summary>
    public string? MetadataPath { get; }

    public string? Prompt => Run.Prompt;

    public decimal? Cost => Run.Cost;

    public int? InputIndex => Run.InputIndex;

    public object? InputObject => Run.InputObject;

    public SeedanceRun Run { get; }

    public override string ToString() => Path;
}
