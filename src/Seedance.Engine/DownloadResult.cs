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

    public string Path { get; }

    public long Bytes { get; }

    /// <summary>A complete file of the right size was already there; nothing was downloaded.</summary>
    public bool Skipped { get; }

    /// <summary>HTTP requests made for the file (resumes and retries included).</summary>
    public int Attempts { get; }

    /// <summary>How many times an expired presigned URL was replaced by fetching the run again.</summary>
    public int UrlRefreshes { get; }
}
