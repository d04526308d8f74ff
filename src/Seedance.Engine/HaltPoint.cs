using System;
using System.Threading;

namespace Seedance.Engine;

/// <summary>
/// Named moments of a paid create and a download at which a crash test stops a real process: when the environment
/// variable SEEDANCE_TEST_HALT_AT names the point (and SEEDANCE_TEST_HALT_AFTER, default 1, says at which pass), the
/// process says so on standard error and waits there for good, so that the test can kill -9 it at exactly that moment.
/// Unset (always, outside those tests) a pass costs one comparison.
/// </summary>
internal static class HaltPoint
{
    public const string BeforeIntentFlushed = "before-intent-flushed";
    public const string BeforeSend = "before-send";
    public const string CreateInFlight = "create-in-flight";
    public const string BeforeRunIdRecorded = "before-run-id-recorded";
    public const string MidDownload = "mid-download";

    private static readonly string? Armed = Environment.GetEnvironmentVariable("SEEDANCE_TEST_HALT_AT");
    private static readonly int AtPass = int.TryParse(Environment.GetEnvironmentVariable("SEEDANCE_TEST_HALT_AFTER"), out var pass) && pass > 0 ? pass : 1;
    private static int passes;

    public static void Reach(string name)
    {
        if (Armed is null || !string.Equals(Armed, name, StringComparison.Ordinal) || Interlocked.Increment(ref passes) != AtPass)
        {
            return;
        }

        Console.Error.WriteLine("SEEDANCE-HALTED " + name);
        Console.Error.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}
