using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Seedance.Engine.Gallery;

/// <summary>
/// One card of a gallery page: a saved video with what its run says about it, a run that left no video (its metadata
/// file says why), or a video with no metadata at all, described by the file itself.
/// </summary>
public sealed class GalleryCard
{
    /// <summary>The video file, or null for a run that left none.</summary>
    public string? VideoPath { get; set; }

    /// <summary>The JSON metadata file the card was read from, if any.</summary>
    public string? MetadataPath { get; set; }

    /// <summary>The video's size on disk; null when the file is not there.</summary>
    public long? Bytes { get; set; }

    /// <summary>What the video's MP4 header says (length, picture size); null when unreadable.</summary>
    public Mp4Facts? Facts { get; set; }

    public string? RunId { get; set; }

    public string? ClientRef { get; set; }

    public string? Model { get; set; }

    public string? Prompt { get; set; }

    /// <summary>The run's status as the API spelled it; null when nothing but the file is known.</summary>
    public string? Status { get; set; }

    public string? FailureCode { get; set; }

    public string? FailureMessage { get; set; }

    public string? Resolution { get; set; }

    public string? AspectRatio { get; set; }

    /// <summary>The duration asked for (seconds or "auto"), as given.</summary>
    public string? RequestedDuration { get; set; }

    public string? Seed { get; set; }

    /// <summary>What the run actually cost in USD, as Runflow reported it.</summary>
    public decimal? Cost { get; set; }

    /// <summary>The path the card is filed under: its video, or its metadata file when there is no video.</summary>
    public string Key => VideoPath ?? MetadataPath ?? string.Empty;

    /// <summary>Whether a playable file is on disk.</summary>
    public bool HasVideo => VideoPath is not null && Bytes is not null;

    public RunStatus RunStatus => RunStatuses.Parse(Status);

    /// <summary>A card for a video file alone: its name, size and header facts.</summary>
    public static GalleryCard ForFile(string videoPath)
    {
        var card = new GalleryCard { VideoPath = Path.GetFullPath(videoPath) };
        card.ReadVideoFile();
        return card;
    }

    /// <summary>A card for a saved video whose run is known (a video piped from Save-SeedanceVideo, say).</summary>
    public static GalleryCard ForRun(string videoPath, Run run, string? model, string? metadataPath = null)
    {
        var card = new GalleryCard
        {
            VideoPath = Path.GetFullPath(videoPath),
            MetadataPath = metadataPath is null ? null : Path.GetFullPath(metadataPath),
            RunId = run.Id,
            ClientRef = run.ClientRef,
            Model = model ?? run.Model,
            Prompt = Text(run.Input, "prompt"),
            Status = run.StatusCode,
            FailureCode = run.FailureCode,
            FailureMessage = run.FailureMessage,
            Resolution = Text(run.Input, "resolution"),
            AspectRatio = Text(run.Input, "aspect_ratio"),
            RequestedDuration = Text(run.Input, "duration"),
            Seed = run.Output?.Seed ?? Text(run.Input, "seed"),
            Cost = run.Cost,
        };
        card.ReadVideoFile();
        return card;
    }

    /// <summary>Fills the size and header facts from the video file, when it is there.</summary>
    internal void ReadVideoFile()
    {
        if (VideoPath is null)
        {
            return;
        }

        var file = new FileInfo(VideoPath);
        if (!file.Exists)
        {
            Bytes = null;
            Facts = null;
            return;
        }

        Bytes = file.Length;
        Facts = Mp4Probe.Read(VideoPath);
    }

    internal static string? Text(IDictionary<string, object?>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;
}
