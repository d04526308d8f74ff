using System;

namespace Seedance.Engine;

/// <summary>One output of a run: a presigned URL and, when the API says so, its type and dimensions.</summary>
public sealed class OutputFile
{
    public OutputFile(Uri url, string? type, int? width = null, int? height = null, double? durationSeconds = null, string? contentType = null)
    {
        Url = url;
        Type = type;
        Width = width;
        Height = height;
        DurationSeconds = durationSeconds;
        ContentType = contentType;
    }

    /// <summary>A presigned, time-limited URL: it carries its own credentials, so it is fetched without Authorization.</summary>
    public Uri Url { get; }

    /// <summary>video, image or audio.</summary>
    public string? Type { get; }

    public int? Width { get; }

    public int? Height { get; }

    public double? DurationSeconds { get; }

    public string? ContentType { get; }

    public override string ToString() => Type is null ? "output" : Type + " output";
}
