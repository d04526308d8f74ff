using System;

namespace Seedance.Engine;

/// <summary>
/// The name a file is written under until it is complete (<c>video.mp4.1a2b3c4d.partial</c>), so no half-written file
/// ever carries the final name. Callers that choose final names leave <see cref="SuffixLength"/> bytes of room for it.
/// </summary>
public static class TemporaryFile
{
    private const string Extension = ".partial";

    /// <summary>The bytes (all ASCII) the temporary name adds to the final one: '.', 8 hex digits, ".partial".</summary>
    public const int SuffixLength = 1 + 8 + 8;

    public static string For(string finalPath) => finalPath + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + Extension;
}
