using System;
using System.Collections.Generic;

namespace Seedance.Engine;

/// <summary>What <see cref="RunflowClient.DownloadOutputAsync"/> did.</summary>
public sealed class DownloadResult
{
    public DownloadResult(string runId, string path, long bytes, bool skipped, int attempts, int urlRefreshes)
    {
        RunId = runId;
        Path = path;
        Bytes = bytes;
        Skipped = skipped;
        Attempts = attempts;
        UrlRefreshes = urlRefreshes;
    }

    public string RunId { get; }

    /// <summary>The file written (or found complete): the one asked for, or a distinct name when another file held it.</summary>
    public string Path { get; }

    public long Bytes { get; }

    /// <summary>This run's complete video was already there; nothing was downloaded.</summary>
    public bool Skipped { get; }

    /// <summary>HTTP requests made for the file (resumes and retries included).</summary>
    public int Attempts { get; }

    /// <summary>How many times an expired presigned URL was replaced by fetching the run again.</summary>
    public int UrlRefreshes { get; }

    /// <summary>The file asked for, when <see cref="Path"/> differs from it.</summary>
    public string? RequestedPath { get; internal set; }

    /// <summary>What held <see cref="RequestedPath"/> ("the video of run X", "a file Seedance has no record of saving").</summary>
    public string? DisplacedBy { get; internal set; }

    /// <summary>The bytes of a partial file an earlier, interrupted save left, which this download resumed from.</summary>
    public long ResumedFrom { get; internal set; }

    /// <summary>Things that went wrong without failing the download (the folder's index could not be updated).</summary>
    public IReadOnlyList<string> Warnings { get; internal set; } = Array.Empty<string>();
}
