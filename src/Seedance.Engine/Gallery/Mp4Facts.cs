using System;

namespace Seedance.Engine.Gallery;

/// <summary>What an MP4 file's own header says about it: the movie's length (mvhd) and the picture size of its first
/// visual track (tkhd). Either may be unknown.</summary>
public sealed class Mp4Facts
{
    public Mp4Facts(TimeSpan? duration, int? width, int? height)
    {
        Duration = duration;
        Width = width;
        Height = height;
    }

    public TimeSpan? Duration { get; }

    public int? Width { get; }

    public int? Height { get; }
}
