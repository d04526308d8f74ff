using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Seedance.Emulator;

/// <summary>
/// Makes each run's video: an H.264/AAC MP4 of the length and aspect ratio its input asked for, built from embedded
/// samples without ffmpeg (<see cref="Mp4Writer"/>), then padded and marked per run (<see cref="RunVideo"/>).
/// </summary>
internal static class VideoFactory
{
    /// <summary>The MP4 of each shape, built once: there are at most 12 lengths times 6 ratios, each a few KB.</summary>
    private static readonly ConcurrentDictionary<VideoShape, Lazy<byte[]>> MediaByShape = new();

    public static RunVideo Create(VideoShape shape, string runId, long configuredBytes) =>
        new(Media(shape), runId, configuredBytes);

    private static byte[] Media(VideoShape shape) =>
        MediaByShape.GetOrAdd(shape, key => new Lazy<byte[]>(
            () => Mp4Writer.Write(VideoSamples.Video(key.AspectRatio), VideoSamples.Audio, key.Seconds),
            LazyThreadSafetyMode.ExecutionAndPublication)).Value;
}
