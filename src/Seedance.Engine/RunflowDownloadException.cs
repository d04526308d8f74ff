using System;

namespace Seedance.Engine;

/// <summary>A video could not be downloaded completely; no file was left under the final name.</summary>
public sealed class RunflowDownloadException : RunflowException
{
    public RunflowDownloadException(string runId, string message, long bytesReceived, long? expectedBytes, Exception? innerException = null)
        : base(message, innerException)
    {
        RunId = runId;
        BytesReceived = bytesReceived;
        ExpectedBytes = expectedBytes;
    }

    public string RunId { get; }

    public long BytesReceived { get; }

    public long? ExpectedBytes { get; }
}
