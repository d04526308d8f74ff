using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Seedance.Engine;

/// <summary>
/// Decides which file a run's video is saved as. The name asked for is used when it is free or already holds this
/// run's video; when another run's video (another take of the same client ref, say) or a file of unknown origin holds
/// it, the video goes to the same name with a suffix of the run id (<c>harbor-dawn-5e6f7a8b.mp4</c>), so no take ever
/// overwrites another's file and no file is taken for complete because of its size alone. Only an explicit overwrite
/// replaces the file at the name asked for.
/// </summary>
public static class VideoDestination
{
    /// <summary>The bytes (ASCII) a distinct name adds: '-' and 8 letters or digits. Callers that cap names leave room.</summary>
    public const int DistinctSuffixLength = 1 + CodeLength;

    private const int CodeLength = 8;

    public static DestinationChoice Choose(string requestedPath, string runId, int outputIndex, bool overwrite, SavedFileIndex index)
    {
        var requested = Path.GetFullPath(requestedPath);
        if (overwrite)
        {
            return new DestinationChoice(requested, requested, null, false, null);
        }

        var saved = index.Read();
        var candidates = new[] { requested, DistinctPath(requested, runId, outputIndex, 1), DistinctPath(requested, runId, outputIndex, 2) };
        var claims = candidates.Select(candidate => ClaimOn(candidate, runId, outputIndex, saved)).ToList();
        var displacedBy = claims[0].Kind == FileClaimKind.Other ? claims[0].Holder : null;

        // A leftover partial of this run marks the name an interrupted save had chosen: resuming it beats starting over.
        for (var position = 0; position < candidates.Length; position++)
        {
            if (claims[position].Kind == FileClaimKind.Free && File.Exists(TemporaryFile.For(candidates[position], runId, outputIndex)))
            {
                return new DestinationChoice(candidates[position], requested, null, false, position == 0 ? null : displacedBy);
            }
        }

        for (var position = 0; position < candidates.Length; position++)
        {
            var claim = claims[position];
            switch (claim.Kind)
            {
                case FileClaimKind.Free:
                    return new DestinationChoice(candidates[position], requested, null, false, position == 0 ? null : displacedBy);
                case FileClaimKind.ThisRun:
                    var length = new FileInfo(candidates[position]).Length;
                    if (length != claim.Bytes)
                    {
                        throw new RunflowDownloadException(runId,
                            $"'{candidates[position]}' holds run {runId}'s video but has {length:N0} bytes, not the {claim.Bytes:N0} it was saved with (it was changed since); it was left alone. Overwrite it explicitly to replace it.",
                            0, claim.Bytes);
                    }

                    return new DestinationChoice(candidates[position], requested, claim.Bytes, false, position == 0 ? null : displacedBy);
                case FileClaimKind.ThisRunBySidecar:
                    return new DestinationChoice(candidates[position], requested, null, true, position == 0 ? null : displacedBy);
            }
        }

        throw new RunflowDownloadException(runId,
            $"'{requested}' and the names run {runId}'s video would take instead ({string.Join(", ", candidates.Skip(1).Select(Path.GetFileName))}) are all held by other files; nothing was overwritten. Choose another file name, or overwrite explicitly.",
            0, null);
    }

    /// <summary>The name with a suffix of the run: the run id's last 8 letters or digits first (readable next to the
    /// run id), a hash of run id and output second.</summary>
    public static string DistinctPath(string path, string runId, int outputIndex, int attempt)
    {
        var alphanumeric = new string(runId.Where(character => character < 128 && char.IsLetterOrDigit(character)).ToArray());
        var code = attempt == 1 && alphanumeric.Length >= CodeLength
            ? alphanumeric.Substring(alphanumeric.Length - CodeLength)
            : TemporaryFile.TagFor(runId, outputIndex);
        var directory = Path.GetDirectoryName(path) ?? string.Empty;
        var extension = Path.GetExtension(path);
        var stem = Path.GetFileNameWithoutExtension(path);
        return Path.Combine(directory, stem + "-" + code + extension);
    }

    private static FileClaim ClaimOn(string path, string runId, int outputIndex, IReadOnlyDictionary<string, SavedFile> saved)
    {
        if (Directory.Exists(path))
        {
            return FileClaim.Other("a folder");
        }

        if (!File.Exists(path))
        {
            return FileClaim.Free;
        }

        var name = Path.GetFileName(path);
        if (saved.TryGetValue(name, out var record))
        {
            return record.IsOutputOf(runId, outputIndex) ? FileClaim.This(record.Bytes) : FileClaim.Other("the video of run " + record.RunId);
        }

        return RunSidecar.RunIdOf(path) switch
        {
            null => FileClaim.Other("a file Seedance has no record of saving"),
            var owner when string.Equals(owner, runId, StringComparison.Ordinal) => FileClaim.BySidecar,
            var owner => FileClaim.Other("the video of run " + owner),
        };
    }
}
