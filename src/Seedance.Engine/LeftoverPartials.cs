using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Seedance.Engine;

/// <summary>
/// Removes what killed processes left in a folder of videos: temporary <c>.partial</c> files and probe files. Only names
/// of exactly those forms are ever considered (<see cref="TemporaryFile.TryParse"/>, <see cref="DestinationProbe.IsProbeName"/>),
/// a file another process has open is left alone, and a partial is removed only when
/// <list type="bullet">
/// <item>its tag is that of a run whose video the folder's index records as complete (its download is over), or</item>
/// <item>the folder has an index (Seedance saved into it), nothing wrote the file for <c>maxAge</c>, and its tag is not
/// one of <c>keepTags</c> (the runs still being saved, whose leftovers are resumed instead).</item>
/// </list>
/// </summary>
public static class LeftoverPartials
{
    public static IReadOnlyList<string> Remove(string directory, ICollection<string> keepTags, TimeSpan maxAge, DateTimeOffset now)
    {
        var removed = new List<string>();
        if (!Directory.Exists(directory))
        {
            return removed;
        }

        var index = new SavedFileIndex(directory);
        var folderIsSeedances = index.Exists;
        var completeTags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var saved in index.Read().Values)
        {
            var file = new FileInfo(Path.Combine(index.Directory, saved.FileName));
            if (file.Exists && file.Length == saved.Bytes)
            {
                completeTags.Add(TemporaryFile.TagFor(saved.RunId, saved.OutputIndex));
            }
        }

        foreach (var path in Directory.EnumerateFiles(directory).ToList())
        {
            var name = Path.GetFileName(path);
            var stale = File.GetLastWriteTimeUtc(path) < now.UtcDateTime - maxAge;
            bool leftover;
            if (TemporaryFile.TryParse(name, out _, out var tag))
            {
                leftover = completeTags.Contains(tag) || (folderIsSeedances && stale && !keepTags.Contains(tag));
            }
            else
            {
                leftover = stale && DestinationProbe.IsProbeName(name);
            }

            if (leftover && TryRemoveUnused(path))
            {
                removed.Add(path);
            }
        }

        return removed;
    }

    /// <summary>Deletes a file only if no one else has it open: an exclusive open (flock on Unix, a sharing lock on
    /// Windows) fails while another download writes it.</summary>
    private static bool TryRemoveUnused(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            return false;
        }
    }
}
