using System;

namespace Seedance.Engine;

/// <summary>One video a folder's <see cref="SavedFileIndex"/> says was saved there: which run's output it is, and how
/// long it was when complete.</summary>
public sealed class SavedFile
{
    public SavedFile(string fileName, string runId, int outputIndex, long bytes, DateTimeOffset savedAt)
    {
        FileName = fileName;
        RunId = runId;
        OutputIndex = outputIndex;
        Bytes = bytes;
        SavedAt = savedAt;
    }

    /// <summary>The name inside the folder (no path).</summary>
    public string FileName { get; }

    public string RunId { get; }

    public int OutputIndex { get; }

    public long Bytes { get; }

    public DateTimeOffset SavedAt { get; }

    public bool IsOutputOf(string runId, int outputIndex) => string.Equals(RunId, runId, StringComparison.Ordinal) && OutputIndex == outputIndex;

    public override string ToString() => $"{FileName}: run {RunId} output {OutputIndex}, {Bytes:N0} bytes";
}
