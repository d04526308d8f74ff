namespace Seedance.Engine;

public sealed class DownloadProgress
{
    public DownloadProgress(string runId, long bytesReceived, long? totalBytes)
    {
        RunId = runId;
        BytesReceived = bytesReceived;
        TotalBytes = totalBytes;
    }

    public string RunId { get; }

    public long BytesReceived { get; }

    public long? TotalBytes { get; }
}
