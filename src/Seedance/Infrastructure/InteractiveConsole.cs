using System;

namespace Seedance.Infrastructure;

/// <summary>
/// Whether this process's own console is one a person watches: not a service's, and not redirected to a file or a
/// pipe (a scheduled task, CI, a test runner).
/// </summary>
internal static class InteractiveConsole
{
    /// <summary>Replaces the check while set. A test runner redirects its output, so the tests that draw the progress
    /// bar through a console-like host set this to true, and back to null when done.</summary>
    internal static bool? Assumed { get; set; }

    public static bool IsWatched => Assumed ?? (Environment.UserInteractive && !Console.IsOutputRedirected);
}
