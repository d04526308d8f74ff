using System;
using System.Collections.Generic;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// The file each run of one Save-SeedanceVideo asks for: the -Path, or the -FileName template inside the -Directory.
/// Two runs of the pipeline that the template gives one name (two takes of one client ref) both get saved: the later
/// one asks for the run's distinct name, so no paid video is refused and no take overwrites another.
/// </summary>
internal sealed class SaveTargets
{
    private readonly HashSet<string> claimedPaths = new(StringComparer.OrdinalIgnoreCase);
    private readonly string directory;
    private readonly string? singlePath;
    private readonly FileNameTemplate? template;

    public SaveTargets(string directory, string? singlePath, FileNameTemplate? template)
    {
        this.directory = directory;
        this.singlePath = singlePath;
        this.template = template;
    }

    /// <summary>The path for <paramref name="run"/>; <paramref name="sharedWith"/> gets the name it would have had when
    /// an earlier run of the pipeline took that one.</summary>
    public string For(SeedanceRun run, int position, int outputIndex, out string? sharedWith)
    {
        sharedWith = null;
        if (singlePath is not null)
        {
            if (!claimedPaths.Add(singlePath))
            {
                throw new ArgumentException($"-Path names one file, and {singlePath} is taken by an earlier run; use -Directory to save several runs.");
            }

            return singlePath;
        }

        var path = template!.PathFor(directory, run, position);
        if (claimedPaths.Add(path))
        {
            return path;
        }

        var distinct = VideoDestination.DistinctPath(path, run.Id, outputIndex, 1);
        if (!claimedPaths.Add(distinct))
        {
            throw new ArgumentException($"Run {run.Id} would be saved as {path}, which another run of this pipeline uses; add {{RunId}} or {{Index}} to -FileName.");
        }

        sharedWith = path;
        return distinct;
    }
}
