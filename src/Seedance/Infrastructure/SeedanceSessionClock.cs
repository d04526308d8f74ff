using System;
using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// The clock that sessions connected in a runspace run on: the system clock, unless a test set another for that
/// runspace. Tests reach it through reflection (the module is loaded from out/Seedance, not referenced), so that a
/// pipeline against an emulator on compressed time keeps the production backoff, polling and commit window without
/// their real waits. It is no user setting: no parameter, variable or environment variable leads here.
/// </summary>
internal static class SeedanceSessionClock
{
    private static readonly ConcurrentDictionary<Guid, EngineClock> ClocksByRunspace = new();

    /// <summary>Sets the clock of sessions connected from now on in the given runspace; null goes back to the system clock.</summary>
    internal static void SetForRunspace(Guid runspaceId, EngineClock? clock)
    {
        if (clock is null)
        {
            ClocksByRunspace.TryRemove(runspaceId, out _);
        }
        else
        {
            ClocksByRunspace[runspaceId] = clock;
        }
    }

    internal static EngineClock ForCurrentRunspace() =>
        ClocksByRunspace.TryGetValue(Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty, out var clock) ? clock : EngineClock.System;
}
