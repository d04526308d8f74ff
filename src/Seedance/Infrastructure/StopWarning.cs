using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Seedance.Infrastructure;

/// <summary>The warning written after Ctrl+C about runs that keep running (and billing) on Runflow.</summary>
internal static class StopWarning
{
    private const int MaxIdsListed = 20;

    public static string? Compose(IReadOnlyCollection<string> runIdsStillRunning, IReadOnlyCollection<string> interruptedClientRefs)
    {
        if (runIdsStillRunning.Count == 0 && interruptedClientRefs.Count == 0)
        {
            return null;
        }

        var message = "Stopped.";
        if (runIdsStillRunning.Count > 0)
        {
            message += $" {runIdsStillRunning.Count} Seedance run(s) keep running on Runflow: {List(runIdsStillRunning)}."
                + " Pick them up with: Get-SeedanceRun -Id <id> | Wait-SeedanceRun";
        }

        if (interruptedClientRefs.Count > 0)
        {
            message += $" {interruptedClientRefs.Count} submission(s) were interrupted and may exist:"
                + $" look for them with Get-SeedanceRun -ClientRef <ref> ({List(interruptedClientRefs)}).";
        }

        return message;
    }

    /// <summary>Writes to the warning stream while the pipeline still accepts it, else straight to the host, which
    /// is the only place left once PowerShell has stopped the pipeline.</summary>
    public static void Write(Cmdlet cmdlet, string message)
    {
        try
        {
            cmdlet.WriteWarning(message);
            return;
        }
        catch (PipelineStoppedException)
        {
        }

        try
        {
            if (cmdlet is PSCmdlet withHost)
            {
                withHost.Host?.UI?.WriteWarningLine(message);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Some hosts have no console to show it on, and say so by throwing; the runs are still listed nowhere else,
            // so this is the best that can be done.
        }
    }

    private static string List(IReadOnlyCollection<string> values) =>
        string.Join(", ", values.Take(MaxIdsListed)) + (values.Count > MaxIdsListed ? $" and {values.Count - MaxIdsListed} more" : string.Empty);
}
