using System;
using System.Collections.Generic;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>What Save-SeedanceVideo does beside writing videos: tells about each one beyond the object it emits,
/// records where it went in the ledger, and at the end removes what interrupted saves left in the folder.</summary>
internal static class SaveFollowUp
{
    // Older than any live download can be (one that writes nothing for DownloadIdleTimeout fails).
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromHours(1);

    public static IEnumerable<string> Warnings(DownloadResult result)
    {
        if (result.RequestedPath is not null)
        {
            yield return $"{result.RequestedPath} holds {result.DisplacedBy ?? "another file"}, which was left alone; the video of run {result.RunId} is {result.Path}. -Force replaces the file instead.";
        }

        foreach (var warning in result.Warnings)
        {
            yield return warning;
        }
    }

    public static string? Resumed(DownloadResult result) => result.ResumedFrom > 0 && !result.Skipped
        ? $"{result.Path}: resumed from byte {result.ResumedFrom:N0}, where an interrupted save of run {result.RunId} stopped."
        : null;

    /// <summary>Records the file in the session's ledger when the session has one open (a run it has no entry for is
    /// ignored there); returns a warning when the ledger could not be written.</summary>
    public static string? RecordInLedger(SeedanceSession session, DownloadResult result)
    {
        try
        {
            session.LedgerIfOpen?.RecordDestination(result.RunId, result.Path);
            return null;
        }
        catch (Exception exception) when (exception is RunflowException || FileSystemFailures.IsLocal(exception))
        {
            return $"The ledger could not record that run {result.RunId}'s video is {result.Path}: {exception.Message}";
        }
    }

    /// <summary>Removes leftover partial files (<see cref="LeftoverPartials"/> has the rule), except those of
    /// <paramref name="unsavedOutputs"/> (run id, output index), which are resumed when those runs are saved again.</summary>
    public static void RemoveLeftovers(SeedanceCmdlet cmdlet, string directory, IEnumerable<KeyValuePair<string, int>> unsavedOutputs)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in unsavedOutputs)
        {
            keep.Add(TemporaryFile.TagFor(pair.Key, pair.Value));
        }

        try
        {
            foreach (var removed in LeftoverPartials.Remove(directory, keep, LeftoverAge, DateTimeOffset.UtcNow))
            {
                cmdlet.WriteVerbose($"Removed {removed}, a partial file an interrupted save left behind.");
            }
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            cmdlet.WriteWarning($"Partial files left in {directory} by interrupted saves could not be removed: {exception.Message}");
        }
    }
}
