using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Seedance.Engine.Gallery;

/// <summary>
/// Finds every card of a folder and its subfolders: each video file (recognized by its first box, whatever its
/// extension, since a client ref such as "scene.v2" keeps its own) with the metadata file beside it, and each metadata
/// file of a run that left no video. Cards given as refreshed replace what the folder says about the same video, so a
/// pipeline's fresh runs win over older files while the rest of the folder stays on the page.
/// </summary>
public static class GalleryFolder
{
    private const string TemporaryExtension = ".partial";

    /// <summary>How this machine's file systems compare paths (ignoring case on Windows and macOS).</summary>
    public static StringComparer PathComparer => GalleryPaths.Comparer;

    /// <summary>The cards of <paramref name="directory"/>, in natural order of their paths.</summary>
    /// <param name="directory">The folder to cover, subfolders included.</param>
    /// <param name="refreshed">Cards that replace the folder's own for the same video (by <see cref="GalleryCard.Key"/>).</param>
    /// <param name="excludedPath">A file never to take for a video (the page itself).</param>
    public static IReadOnlyList<GalleryCard> Read(string directory, IEnumerable<GalleryCard>? refreshed = null, string? excludedPath = null)
    {
        var root = Path.GetFullPath(directory);
        var excluded = excludedPath is null ? null : Path.GetFullPath(excludedPath);
        var videos = new List<string>();
        var sidecars = new List<string>();
        foreach (var file in FilesUnder(root))
        {
            if (file.EndsWith(TemporaryExtension, StringComparison.OrdinalIgnoreCase)
                || (excluded is not null && string.Equals(file, excluded, GalleryPaths.Comparison)))
            {
                continue;
            }

            if (file.EndsWith(RunSidecar.Extension, StringComparison.OrdinalIgnoreCase))
            {
                sidecars.Add(file);
            }
            else if (Mp4Probe.LooksLikeVideo(file))
            {
                videos.Add(file);
            }
        }

        var cards = new Dictionary<string, GalleryCard>(GalleryPaths.Comparer);
        var videoBySidecarPath = new Dictionary<string, string>(GalleryPaths.Comparer);
        foreach (var video in videos)
        {
            videoBySidecarPath[RunSidecar.PathFor(video)] = video;
        }

        var withoutVideo = new List<GalleryCard>();
        foreach (var sidecar in sidecars)
        {
            var card = SidecarFile.TryRead(sidecar, out var namesVideo);
            if (card is null)
            {
                continue;
            }

            if (namesVideo)
            {
                card.ReadVideoFile();
                cards[card.Key] = card;
            }
            else
            {
                withoutVideo.Add(card);
            }
        }

        foreach (var card in withoutVideo)
        {
            if (!videoBySidecarPath.TryGetValue(card.MetadataPath!, out var video))
            {
                cards[card.Key] = card;
            }
            else if ((card.RunStatus is RunStatus.Succeeded or RunStatus.PartialSucceeded) && !cards.ContainsKey(video))
            {
                // A sidecar that does not name its video (not one of ours, or older) describes the video of its name.
                card.VideoPath = video;
                card.ReadVideoFile();
                cards[video] = card;
            }

            // Otherwise the record of a run that left no video is out of date: a video has since been saved under the
            // name it was keeping, and that video has the card.
        }

        foreach (var video in videos)
        {
            if (!cards.ContainsKey(video))
            {
                cards[video] = GalleryCard.ForFile(video);
            }
        }

        foreach (var card in refreshed ?? Enumerable.Empty<GalleryCard>())
        {
            cards[card.Key] = card;
        }

        return cards.Values
            .OrderBy(card => RelativePath(root, card.Key), NaturalOrder.Instance)
            .ThenBy(card => card.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The path of <paramref name="path"/> inside <paramref name="root"/>, with '/' between folders; the full path
    /// when it is not inside.</summary>
    public static string RelativePath(string root, string path)
    {
        var prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(path);
        return full.StartsWith(prefix, GalleryPaths.Comparison)
            ? full.Substring(prefix.Length).Replace(Path.DirectorySeparatorChar, '/')
            : full;
    }

    /// <summary>Whether <paramref name="path"/> is inside <paramref name="root"/> (at any depth).</summary>
    public static bool Contains(string root, string path) =>
        !string.Equals(RelativePath(root, path), Path.GetFullPath(path), StringComparison.Ordinal);

    /// <summary>Every file under <paramref name="root"/>. Linked folders are not entered, so a link back up cannot loop,
    /// and a folder that cannot be read is passed over.</summary>
    private static IEnumerable<string> FilesUnder(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            string[] files;
            string[] folders;
            try
            {
                files = Directory.GetFiles(folder);
                folders = Directory.GetDirectories(folder);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                yield return file;
            }

            foreach (var child in folders)
            {
                if (!IsLink(child))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static bool IsLink(string folder)
    {
        try
        {
            return (File.GetAttributes(folder) & FileAttributes.ReparsePoint) != 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
