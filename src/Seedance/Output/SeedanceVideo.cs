using System;

namespace Seedance;

/// <summary>One video file written (or found complete) by Save-SeedanceVideo.</summary>
public sealed class SeedanceVideo
{
    internal SeedanceVideo(SeedanceRun run, string path, long bytes, SeedanceVideoStatus status, string? metadataPath)
    {
        Run = run;
        Path = path;
        Bytes = bytes;
        Status = status;
        MetadataPath = metadataPath;
    }

    public string RunId => Run.Id;

    public string? ClientRef => Run.ClientRef;

    public string Path { get; }

    public long Bytes { get; }

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
