using System;
using System.Diagnostics;
using System.IO;

namespace Seedance.Benchmarks;

/// <summary>
/// The process's peak working set over a stretch of work, read from the operating system's own high-water mark
/// (VmHWM on Linux, PeakWorkingSet on Windows) rather than sampled: sampling misses short peaks, and reading
/// /proc 40 times a second allocated more than the pipeline being measured.
/// </summary>
internal static class PeakWorkingSet
{
    /// <summary>Starts a new stretch: on Linux, writing 5 to clear_refs sets VmHWM back to the current resident size.</summary>
    public static bool TryReset()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static long Read()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
