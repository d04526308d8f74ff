using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Seedance.Engine.Gallery;

/// <summary>
/// The link from a page to a file as a relative, percent-encoded URL, so the folder works wherever it is copied,
/// zipped or served. Every byte of a name's UTF-8 form except the RFC 3986 unreserved characters is encoded: '#', '?'
/// and '%' in a file name would otherwise end or mangle the path, and a browser reads '\' as '/'.
/// </summary>
internal static class RelativeUrl
{
    private const string Unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    public static string From(string pageDirectory, string targetPath)
    {
        var from = Segments(Path.GetFullPath(pageDirectory));
        var to = Segments(Path.GetFullPath(targetPath));
        var comparison = GalleryPaths.Comparison;
        if (from.Count == 0 || to.Count == 0 || !string.Equals(from[0], to[0], comparison))
        {
            // Another drive (or share) has no relative path from the page: an absolute file URL is the best left.
            return new Uri(Path.GetFullPath(targetPath)).AbsoluteUri;
        }

        var common = 0;
        while (common < from.Count && common < to.Count - 1 && string.Equals(from[common], to[common], comparison))
        {
            common++;
        }

        var builder = new StringBuilder();
        for (var index = common; index < from.Count; index++)
        {
            builder.Append("../");
        }

        for (var index = common; index < to.Count; index++)
        {
            if (index > common)
            {
                builder.Append('/');
            }

            builder.Append(EncodeSegment(to[index]));
        }

        return builder.ToString();
    }

    public static string EncodeSegment(string segment)
    {
        var builder = new StringBuilder(segment.Length * 3);
        foreach (var value in Encoding.UTF8.GetBytes(segment))
        {
            if (value < 0x80 && Unreserved.IndexOf((char)value) >= 0)
            {
                builder.Append((char)value);
            }
            else
            {
                builder.Append('%').Append(value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static List<string> Segments(string fullPath)
    {
        var segments = new List<string>();
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        segments.Add(root);
        foreach (var part in fullPath.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries))
        {
            segments.Add(part);
        }

        return segments;
    }
}
