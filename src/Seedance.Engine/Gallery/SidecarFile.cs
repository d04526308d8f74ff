using System;
using System.IO;
using System.Text.Json;

namespace Seedance.Engine.Gallery;

/// <summary>
/// Reads the JSON metadata file Save-SeedanceVideo -IncludeMetadata writes (see <see cref="RunSidecar"/>) into a card.
/// A file is taken for one only when it is a JSON object with a run_id; anything else in the folder is left alone.
/// </summary>
internal static class SidecarFile
{
    // A sidecar holds one run's input: far below this. A larger .json file is someone else's data.
    private const long MaxLength = 4 * 1024 * 1024;

    /// <summary>The card the file describes, or null when it is not a sidecar. <paramref name="namesVideo"/> tells whether
    /// it names its video file (a run that left no video names none).</summary>
    public static GalleryCard? TryRead(string path, out bool namesVideo)
    {
        namesVideo = false;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || file.Length > MaxLength)
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var runId = JsonValues.String(root, "run_id");
            if (root.ValueKind != JsonValueKind.Object || string.IsNullOrEmpty(runId))
            {
                return null;
            }

            var input = JsonValues.Dictionary(root, "input");
            var card = new GalleryCard
            {
                MetadataPath = file.FullName,
                RunId = runId,
                ClientRef = JsonValues.String(root, "client_ref"),
                Model = JsonValues.String(root, "model"),
                Prompt = JsonValues.String(root, "prompt") ?? GalleryCard.Text(input, "prompt"),
                Status = JsonValues.String(root, "status"),
                FailureCode = JsonValues.String(root, "failure_code"),
                FailureMessage = JsonValues.String(root, "failure_message"),
                Resolution = GalleryCard.Text(input, "resolution"),
                AspectRatio = GalleryCard.Text(input, "aspect_ratio"),
                RequestedDuration = GalleryCard.Text(input, "duration"),
                Seed = JsonValues.String(root, "seed"),
                Cost = JsonValues.Decimal(root, "cost_usd"),
            };
            var videoFile = JsonValues.String(root, "video_file");
            // Only a plain name beside the sidecar: a name with a folder in it would make the page link outside the folder.
            if (!string.IsNullOrEmpty(videoFile) && string.Equals(Path.GetFileName(videoFile), videoFile, StringComparison.Ordinal)
                && videoFile!.IndexOf('\\') < 0 && videoFile != "." && videoFile != "..")
            {
                card.VideoPath = Path.Combine(file.DirectoryName ?? ".", videoFile);
                namesVideo = true;
            }

            return card;
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }
}
