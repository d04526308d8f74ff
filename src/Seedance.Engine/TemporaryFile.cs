using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Seedance.Engine;

/// <summary>
/// The name a file is written under until it is complete (<c>video.mp4.1a2b3c4d.partial</c>), so no half-written file
/// ever carries the final name. A video's eight hex digits are its <see cref="TagFor">tag</see>, a hash of the run id
/// and output index: the same run saved to the same name again finds its own leftover and resumes it, and a leftover
/// can be told to belong to a run whose video is complete. Callers that choose final names leave
/// <see cref="SuffixLength"/> bytes of room for it.
/// </summary>
public static class TemporaryFile
{
    private const string Extension = ".partial";
    private const int TagLength = 8;

    /// <summary>The bytes (all ASCII) the temporary name adds to the final one: '.', 8 hex digits, ".partial".</summary>
    public const int SuffixLength = 1 + TagLength + 8;

    /// <summary>A temporary name of its own, for a file written in one go (a sidecar).</summary>
    public static string For(string finalPath) => finalPath + "." + Guid.NewGuid().ToString("N").Substring(0, TagLength) + Extension;

    /// <summary>The temporary name of output <paramref name="outputIndex"/> of run <paramref name="runId"/> on its way to
    /// <paramref name="finalPath"/>: the same every time, so a download cut short by a killed process is resumed.</summary>
    public static string For(string finalPath, string runId, int outputIndex) => finalPath + "." + TagFor(runId, outputIndex) + Extension;

    public static string TagFor(string runId, int outputIndex)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes("seedance-partial\n" + runId + "\n" + outputIndex.ToString(CultureInfo.InvariantCulture)));
        return Hex.Lower(digest).Substring(0, TagLength);
    }

    /// <summary>Whether <paramref name="fileName"/> has exactly the temporary form (a final name, '.', 8 lowercase hex
    /// digits, ".partial"); <paramref name="tag"/> gets the digits. Nothing else is ever taken for a leftover.</summary>
    public static bool TryParse(string fileName, out string finalName, out string tag)
    {
        finalName = string.Empty;
        tag = string.Empty;
        if (fileName.Length <= SuffixLength || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var dot = fileName.Length - SuffixLength;
        var digits = fileName.Substring(dot + 1, TagLength);
        if (fileName[dot] != '.' || !IsLowerHex(digits))
        {
            return false;
        }

        finalName = fileName.Substring(0, dot);
        tag = digits;
        return true;
    }

    internal static bool IsLowerHex(string text)
    {
        foreach (var character in text)
        {
            if (character is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    /// <summary>The length of a file, 0 when there is none.</summary>
    internal static long LengthOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}
