using System;
using System.Runtime.InteropServices;

namespace Seedance.Engine.Gallery;

/// <summary>How file paths compare on this machine: Windows and macOS file systems ignore case by default, Linux's
/// do not. A piped video's path and the same file found by the scan must meet, whatever case the folder was typed in.</summary>
internal static class GalleryPaths
{
    public static StringComparison Comparison { get; } =
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;

    public static StringComparer Comparer { get; } =
        Comparison == StringComparison.OrdinalIgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
