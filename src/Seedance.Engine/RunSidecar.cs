using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// The JSON file written next to a saved video (<c>video.mp4</c> → <c>video.json</c>): what was asked for and what
/// it cost, so a folder of videos documents itself. Written through a temporary file like the video. Output URLs are
/// left out, and input URLs the API re-signed (uploaded images) have their signatures masked: presigned URLs are
/// credentials that expire. A run that left no video gets one too, under the name its video would have had.
/// </summary>
public static class RunSidecar
{
    public const string Extension = ".json";

    // A sidecar is a few kilobytes; a larger .json beside a video is someone else's file, not read.
    private const long MaxSidecarBytes = 1024 * 1024;

    public static string PathFor(string videoPath) => Path.ChangeExtension(videoPath, Extension);

    /// <summary>The run id of the sidecar beside <paramref name="videoPath"/> when that sidecar names this very video
    /// file; null when there is none, it cannot be read, or it describes another file.</summary>
    public static string? RunIdOf(string videoPath)
    {
        var path = PathFor(videoPath);
        if (!File.Exists(path) || new FileInfo(path).Length > MaxSidecarBytes)
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            return JsonValues.String(root, "video_file") == Path.GetFileName(videoPath) ? JsonValues.String(root, "run_id") : null;
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException || FileSystemFailures.IsLocal(exception))
        {
            return null;
        }
    }

    public static async Task<string> WriteAsync(string videoPath, Run run, string? model, CancellationToken cancellationToken = default)
    {
        var path = PathFor(videoPath);
        var document = Document(run, model, Path.GetFileName(videoPath));
        var bytes = PlainJson.SerializeToUtf8(document, indented: true);
        var temporary = TemporaryFile.For(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
            }

            if (File.Exists(path))
            {
                File.Delete(path);
            }

            File.Move(temporary, path);
            return path;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Writes the sidecar of a run that left no video (it failed, was canceled, or has no output file) under the name
    /// its video would have had, with video_file null and the failure code and message, so the folder still says what
    /// happened to that input. Returns the sidecar's path.
    /// </summary>
    public static string WriteWithoutVideo(string intendedVideoPath, Run run, string? model)
    {
        var path = PathFor(intendedVideoPath);
        AtomicFile.WriteAllBytes(path, PlainJson.SerializeToUtf8(Document(run, model, videoFile: null), indented: true));
        return path;
    }

    private static Dictionary<string, object?> Document(Run run, string? model, string? videoFile) =>
        new(StringComparer.Ordinal)
        {
            ["run_id"] = run.Id,
            ["client_ref"] = run.ClientRef,
            ["model"] = model ?? run.Model,
            ["model_id"] = run.ModelId,
            ["status"] = run.StatusCode,
            ["prompt"] = run.Input.TryGetValue("prompt", out var prompt) ? prompt : null,
            ["input"] = Secrets.MaskSignedUrls(run.Input),
            ["seed"] = run.Output?.Seed ?? (run.Input.TryGetValue("seed", out var seed) ? seed : null),
            ["cost_usd"] = run.CostRaw,
            ["duration_ms"] = run.DurationMs,
            ["created_at"] = run.CreatedAt?.ToString("o", CultureInfo.InvariantCulture),
            ["completed_at"] = run.CompletedAt?.ToString("o", CultureInfo.InvariantCulture),
            ["failure_code"] = run.FailureCode,
            ["failure_message"] = run.FailureMessage,
            ["failure_stage"] = run.FailureStage,
            ["metadata"] = run.Metadata,
            ["video_file"] = videoFile,
        };
}
