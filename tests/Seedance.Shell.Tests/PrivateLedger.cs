using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Seedance.Shell.Tests;

/// <summary>Every session this process opens records its paid creates in a ledger of its own, never in the user's
/// (and child processes it starts inherit the folder).</summary>
internal static class PrivateLedger
{
    [ModuleInitializer]
    internal static void PointAtTemporaryFolder()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("SEEDANCE_LEDGER_PATH")))
        {
            Environment.SetEnvironmentVariable("SEEDANCE_LEDGER_PATH",
                Path.Combine(Path.GetTempPath(), "seedance-ledger-" + Guid.NewGuid().ToString("N")));
        }
    }
}
