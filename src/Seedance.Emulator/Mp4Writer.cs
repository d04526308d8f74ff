using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Seedance.Emulator;

/// <summary>
/// Writes a progressive MP4 of H.264 video and AAC audio that really lasts the requested number of seconds: the
/// one-second GOP is repeated once per second and the AAC run as often as the audio needs. The moov comes before
/// mdat, so a browser can read the metadata from the first bytes, and its chunk offsets always fit stco's 32 bits.
/// Each second of video and about a second of audio make one chunk each, interleaved in mdat.
/// </summary>
internal static class Mp4Writer
{
    private const uint MovieTimescale = 1000;
    /// <summary>Video ticks per frame: the media timescale is a multiple of the frame rate, so every frame lasts a
    /// whole number of ticks whatever the GOP's length.</summary>
    private const uint VideoTicksPerFrame = 1000;
    private const uint VideoTrackId = 1;
    private const uint AudioTrackId = 2;
    private const int MdatHeaderSize = 8;

    /// <summary>ISO 639-2 "und", packed as three 5-bit letters.</summary>
    private const int UndeterminedLanguage = ((('u' - 0x60) << 10) | (('n' - 0x60) << 5) | ('d' - 0x60));

    public static byte[] Write(H264Gop gop, AacRun audio, int seconds)
    {
        if (seconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A video lasts at least a second.");
        }

        var video = VideoTrack(gop, seconds);
        var sound = AudioTrack(audio, seconds);
        var tracks = new[] { video, sound };
        var ftyp = Ftyp();

        // The moov's size does not depend on the offsets it records, so a first pass with placeholder offsets tells
        // where mdat's payload starts.
        var moovSize = Moov(gop, audio, video, sound).Length;
        var payloadStart = ftyp.Length + moovSize + MdatHeaderSize;
        var payloadLength = Layout(tracks, payloadStart);
        var moov = Moov(gop, audio, video, sound);

        var file = new BoxBuilder();
        file.Bytes(ftyp);
        file.Bytes(moov);
        using (file.Box("mdat"))
        {
            foreach (var (track, chunk) in InterleavedChunks(tracks))
            {
                foreach (var sample in track.ChunkSamples(chunk))
                {
                    file.Bytes(sample);
                }
            }
        }

        if (file.Length != payloadStart + payloadLength)
        {
            throw new InvalidOperationException("The mdat written differs from the one laid out.");
        }

        return file.ToArray();
    }

    private static Mp4Track VideoTrack(H264Gop gop, int seconds)
    {
        var samples = Enumerable.Repeat(gop.Frames, seconds).SelectMany(frames => frames).ToArray();
        var syncSamples = Enumerable.Range(0, seconds).Select(second => 1 + second * gop.FramesPerSecond).ToArray();
        return new Mp4Track(VideoTrackId, "vide", (uint)gop.FramesPerSecond * VideoTicksPerFrame, VideoTicksPerFrame, samples,
            Mp4Track.EvenChunks(samples.Length, gop.FramesPerSecond), syncSamples);
    }

    private static Mp4Track AudioTrack(AacRun audio, int seconds)
    {
        // The whole frames that fit in the video's length (less than 22 ms short at 48 kHz): audio that outlasted the
        // video would make players report the longer audio as the file's duration.
        var frameCount = (int)((long)seconds * audio.SampleRate / AacRun.SamplesPerFrame);
        var samples = Enumerable.Range(0, frameCount).Select(index => audio.Frames[index % audio.Frames.Count]).ToArray();
        var framesPerSecond = (int)Math.Ceiling(audio.SampleRate / (double)AacRun.SamplesPerFrame);
        return new Mp4Track(AudioTrackId, "soun", (uint)audio.SampleRate, AacRun.SamplesPerFrame, samples,
            Mp4Track.EvenChunks(samples.Length, framesPerSecond), null);
    }

    /// <summary>Chunk order in mdat: each second's video chunk, then that second's audio chunk.</summary>
    private static IEnumerable<(Mp4Track Track, int Chunk)> InterleavedChunks(IReadOnlyList<Mp4Track> tracks)
    {
        var chunks = tracks.Max(track => track.ChunkSampleCounts.Count);
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            foreach (var track in tracks.Where(track => chunk < track.ChunkSampleCounts.Count))
            {
                yield return (track, chunk);
            }
        }
    }

    /// <summary>Sets every chunk's file offset and returns the mdat payload's length.</summary>
    private static long Layout(IReadOnlyList<Mp4Track> tracks, long payloadStart)
    {
        var position = payloadStart;
        foreach (var (track, chunk) in InterleavedChunks(tracks))
        {
            track.ChunkOffsets[chunk] = position;
            position += track.ChunkSamples(chunk).Sum(sample => (long)sample.Length);
        }

        return position - payloadStart;
    }

    private static byte[] Ftyp()
    {
        var box = new BoxBuilder();
        using (box.Box("ftyp"))
        {
            box.FourCc("isom");
            box.UInt32(0x200);
            foreach (var brand in new[] { "isom", "iso2", "avc1", "mp41" })
            {
                box.FourCc(brand);
            }
        }

        return box.ToArray();
    }

    private static byte[] Moov(H264Gop gop, AacRun audio, Mp4Track video, Mp4Track sound)
    {
        var box = new BoxBuilder();
        using (box.Box("moov"))
        {
            using (box.FullBox("mvhd"))
            {
                box.UInt32(0);
                box.UInt32(0);
                box.UInt32(MovieTimescale);
                box.UInt32(checked((uint)Math.Max(video.DurationIn(MovieTimescale), sound.DurationIn(MovieTimescale))));
                box.UInt32(0x00010000);
                box.UInt16(0x0100);
                box.Zeros(2 + 8);
                box.UnityMatrix();
                box.Zeros(24);
                box.UInt32(AudioTrackId + 1);
            }

            Trak(box, video, gop.Width, gop.Height, "VideoHandler", () => Mp4SampleEntries.Avc1(box, gop));
            Trak(box, sound, 0, 0, "SoundHandler", () => Mp4SampleEntries.Mp4a(box, audio, sound));
        }

        return box.ToArray();
    }

    private static void Trak(BoxBuilder box, Mp4Track track, int width, int height, string handlerName, Action sampleEntry)
    {
        var isVideo = track.Handler == "vide";
        using var trak = box.Box("trak");
        using (box.FullBox("tkhd", flags: 0x3))
        {
            box.UInt32(0);
            box.UInt32(0);
            box.UInt32(track.Id);
            box.UInt32(0);
            box.UInt32(checked((uint)track.DurationIn(MovieTimescale)));
            box.Zeros(8);
            box.UInt16(0);
            box.UInt16(0);
            box.UInt16(isVideo ? 0 : 0x0100);
            box.UInt16(0);
            box.UnityMatrix();
            box.UInt32((uint)width << 16);
            box.UInt32((uint)height << 16);
        }

        using var mdia = box.Box("mdia");
        using (box.FullBox("mdhd"))
        {
            box.UInt32(0);
            box.UInt32(0);
            box.UInt32(track.Timescale);
            box.UInt32(checked((uint)track.MediaDuration));
            box.UInt16(UndeterminedLanguage);
            box.UInt16(0);
        }

        using (box.FullBox("hdlr"))
        {
            box.UInt32(0);
            box.FourCc(track.Handler);
            box.Zeros(12);
            box.Bytes(Encoding.ASCII.GetBytes(handlerName + "\0"));
        }

        using var minf = box.Box("minf");
        if (isVideo)
        {
            using (box.FullBox("vmhd", flags: 0x1))
            {
                box.Zeros(2 + 6);
            }
        }
        else
        {
            using (box.FullBox("smhd"))
            {
                box.Zeros(2 + 2);
            }
        }

        using (box.Box("dinf"))
        using (box.FullBox("dref"))
        {
            box.UInt32(1);
            // Flag 1: the media is in this file.
            using (box.FullBox("url ", flags: 0x1))
            {
            }
        }

        using var stbl = box.Box("stbl");
        using (box.FullBox("stsd"))
        {
            box.UInt32(1);
            sampleEntry();
        }

        SampleTables(box, track);
    }

    private static void SampleTables(BoxBuilder box, Mp4Track track)
    {
        using (box.FullBox("stts"))
        {
            box.UInt32(1);
            box.UInt32((uint)track.Samples.Count);
            box.UInt32(track.SampleDelta);
        }

        if (track.SyncSampleNumbers is { } syncSamples)
        {
            using (box.FullBox("stss"))
            {
                box.UInt32((uint)syncSamples.Count);
                foreach (var number in syncSamples)
                {
                    box.UInt32((uint)number);
                }
            }
        }

        using (box.FullBox("stsc"))
        {
            var runs = track.ChunkRuns().ToArray();
            box.UInt32((uint)runs.Length);
            foreach (var (firstChunk, samplesPerChunk) in runs)
            {
                box.UInt32((uint)firstChunk);
                box.UInt32((uint)samplesPerChunk);
                box.UInt32(1);
            }
        }

        using (box.FullBox("stsz"))
        {
            var commonSize = track.CommonSampleSize();
            box.UInt32(commonSize);
            box.UInt32((uint)track.Samples.Count);
            if (commonSize == 0)
            {
                foreach (var sample in track.Samples)
                {
                    box.UInt32((uint)sample.Length);
                }
            }
        }

        using (box.FullBox("stco"))
        {
            box.UInt32((uint)track.ChunkOffsets.Length);
            foreach (var offset in track.ChunkOffsets)
            {
                box.UInt32(checked((uint)offset));
            }
        }
    }
}
