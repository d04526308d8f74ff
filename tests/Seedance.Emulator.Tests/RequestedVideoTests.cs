using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>
/// Each run's video is an H.264/AAC MP4 of the duration and aspect ratio its input asked for ("auto": 5 s, 16:9),
/// whose samples really last that long, read here with this project's own box reader.
/// </summary>
public class RequestedVideoTests
{
    private const double DurationTolerance = 0.5;
    private const double RatioTolerance = 0.02;
    private static readonly string[] Durations = { "4", "5", "10", "15", "auto" };

    [Theory]
    [InlineData("21:9")]
    [InlineData("16:9")]
    [InlineData("4:3")]
    [InlineData("1:1")]
    [InlineData("3:4")]
    [InlineData("9:16")]
    [InlineData("auto")]
    public async Task Each_duration_gives_an_mp4_of_that_length_in_the_requested_ratio(string ratio)
    {
        await using var api = await RawApi.StartAsync();
        using var files = new HttpClient();
        var ids = new List<(string Duration, string Id)>();
        foreach (var duration in Durations)
        {
            ids.Add((duration, await api.CreateAsync($$$"""{"input":{"prompt":"Harbor","duration":"{{{duration}}}","aspect_ratio":"{{{ratio}}}"}}""")));
        }

        foreach (var (duration, id) in ids)
        {
            var bytes = await files.GetByteArrayAsync(RawApi.VideoUrl(await api.WaitTerminalAsync(id)));

            AssertVideo(bytes, id, duration == "auto" ? 5 : int.Parse(duration, CultureInfo.InvariantCulture), Ratio(ratio));
        }
    }

    [Fact]
    public async Task Image_to_video_with_auto_ratio_and_duration_is_16_9_for_5_seconds()
    {
        await using var api = await RawApi.StartAsync();
        using var files = new HttpClient();
        var id = await api.CreateAsync("""{"input":{"prompt":"Pan left","image_url":"https://img.example.test/a.png"}}""", RawApi.ImageToVideo);

        var bytes = await files.GetByteArrayAsync(RawApi.VideoUrl(await api.WaitTerminalAsync(id)));

        AssertVideo(bytes, id, 5, 16.0 / 9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    [InlineData(2 * 1024 * 1024)]
    public async Task Video_bytes_pads_the_longest_widest_video_to_exactly_that_size(long videoBytes)
    {
        await using var api = await RawApi.StartAsync(options => options.VideoBytes = videoBytes);
        using var files = new HttpClient();
        var id = await api.CreateAsync("""{"input":{"prompt":"Harbor","duration":"15","aspect_ratio":"21:9"}}""");

        var bytes = await files.GetByteArrayAsync(RawApi.VideoUrl(await api.WaitTerminalAsync(id)));

        AssertVideo(bytes, id, 15, 21.0 / 9);
        var padding = Mp4Box.ParseFile(bytes)[^1];
        if (videoBytes == 0)
        {
            // The natural size: the MP4, then a free box that holds nothing but the run's marker.
            Assert.Equal(8 + id.Length + 1, padding.Size);
            Assert.InRange(bytes.Length, 1_000, 30_000);
        }
        else
        {
            Assert.Equal(videoBytes, bytes.Length);
        }
    }

    [Fact]
    public async Task A_run_downloads_the_same_bytes_every_time_and_runs_of_one_shape_differ_only_in_their_marked_padding()
    {
        await using var api = await RawApi.StartAsync(options => options.VideoBytes = 40_000);
        using var files = new HttpClient();
        const string body = """{"input":{"prompt":"Harbor","duration":"6","aspect_ratio":"3:4"}}""";
        var first = await api.WaitTerminalAsync(await api.CreateAsync(body));
        var second = await api.WaitTerminalAsync(await api.CreateAsync(body));

        var once = await files.GetByteArrayAsync(RawApi.VideoUrl(first));
        var again = await files.GetByteArrayAsync(RawApi.VideoUrl(await api.GetRunAsync(first["id"]!.GetValue<string>())));
        var other = await files.GetByteArrayAsync(RawApi.VideoUrl(second));

        Assert.Equal(once, again);
        Assert.Equal(api.Emulator.GetVideoBytes(first["id"]!.GetValue<string>()), once);
        var mediaLength = Mp4Box.ParseFile(once)[^1].Offset;
        Assert.Equal(once.AsSpan(0, mediaLength).ToArray(), other.AsSpan(0, mediaLength).ToArray());
        Assert.NotEqual(once, other);
    }

    private static double Ratio(string ratio)
    {
        var parts = (ratio == "auto" ? "16:9" : ratio).Split(':');
        return double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    private static void AssertVideo(byte[] bytes, string runId, int seconds, double ratio)
    {
        var boxes = Mp4Box.ParseFile(bytes);
        Assert.Equal(new[] { "ftyp", "moov", "mdat", "free" }, boxes.Select(box => box.Type));
        Assert.Equal(runId + "\n", Encoding.ASCII.GetString(bytes, boxes[3].PayloadOffset, runId.Length + 1));
        var moov = boxes[1];
        var mdat = boxes[2];

        var mvhd = moov.Path("mvhd");
        Assert.Equal(0, mvhd.U8(0));
        Assert.InRange((double)mvhd.U32(16) / mvhd.U32(12), seconds - DurationTolerance, seconds + DurationTolerance);

        var tracks = moov.Children.Where(box => box.Type == "trak").Select(trak => new Mp4TrackFacts(trak)).ToList();
        Assert.Equal(2, tracks.Count);
        var video = Assert.Single(tracks, track => track.Handler == "vide");
        var audio = Assert.Single(tracks, track => track.Handler == "soun");
        Assert.NotEqual(video.TrackId, audio.TrackId);
        foreach (var track in tracks)
        {
            Assert.InRange(track.MediaSeconds, seconds - DurationTolerance, seconds + DurationTolerance);
            Assert.InRange((double)track.HeaderDuration / mvhd.U32(12), seconds - DurationTolerance, seconds + DurationTolerance);
            Assert.Equal(track.MediaDuration, track.SampleDurations.Sum());
            Assert.All(track.Samples, sample => Assert.InRange(sample.Offset, mdat.PayloadOffset, mdat.Offset + mdat.Size - sample.Size));
        }

        AssertVideoTrack(bytes, video, seconds, ratio);
        AssertAudioTrack(audio);
    }

    private static void AssertVideoTrack(byte[] bytes, Mp4TrackFacts video, int seconds, double ratio)
    {
        Assert.InRange(video.Width / video.Height, ratio * (1 - RatioTolerance), ratio * (1 + RatioTolerance));
        var avc1 = video.SampleEntry;
        Assert.Equal("avc1", avc1.Type);
        Assert.Equal(video.Width, avc1.U16(24));
        Assert.Equal(video.Height, avc1.U16(26));

        var avcC = avc1.Path("avcC");
        Assert.Equal(1, avcC.U8(0));
        Assert.Equal(3, avcC.U8(4) & 0x03);
        Assert.Equal(1, avcC.U8(5) & 0x1F);
        var sps = H264Sps.Parse(avcC.Payload.Slice(8, avcC.U16(6)));
        Assert.Contains(sps.Profile, new[] { 66, 77, 100 });
        Assert.Equal(sps.Profile, avcC.U8(1));
        Assert.Equal(sps.Level, avcC.U8(3));
        Assert.Equal(((int)video.Width, (int)video.Height), (sps.Width, sps.Height));

        // Frames run through the whole duration and a decoder can enter at least once a second, at an IDR frame.
        Assert.NotNull(video.SyncSamples);
        Assert.Equal(1, video.SyncSamples![0]);
        Assert.True(video.SyncSamples.Count >= seconds, $"{video.SyncSamples.Count} sync samples in {seconds} s");
        Assert.All(video.SyncSamples, number => Assert.Equal(5, FirstSliceType(bytes, video.Samples[number - 1])));
        Assert.All(video.Samples, sample => FirstSliceType(bytes, sample));
    }

    private static void AssertAudioTrack(Mp4TrackFacts audio)
    {
        var mp4a = audio.SampleEntry;
        Assert.Equal("mp4a", mp4a.Type);
        var sampleRate = mp4a.U32(24) >> 16;
        Assert.Equal(audio.Timescale, sampleRate);
        Assert.All(audio.SampleDurations, duration => Assert.Equal(1024, duration));

        // esds: ES descriptor (3) > decoder config (4: MPEG-4 audio, 0x40) > decoder specific info (5: AAC-LC at the rate).
        var (esTag, es) = Descriptor(mp4a.Path("esds").Payload[4..].ToArray());
        Assert.Equal(0x03, esTag);
        var flags = es[2];
        var esHeader = 3 + ((flags & 0x80) != 0 ? 2 : 0) + ((flags & 0x40) != 0 ? 1 + es[3] : 0) + ((flags & 0x20) != 0 ? 2 : 0);
        var (decoderTag, decoder) = Descriptor(es[esHeader..]);
        Assert.Equal(0x04, decoderTag);
        Assert.Equal(0x40, decoder[0]);
        var (specificTag, specific) = Descriptor(decoder[13..]);
        Assert.Equal(0x05, specificTag);
        var config = BinaryPrimitives.ReadUInt16BigEndian(specific);
        Assert.Equal(2, config >> 11);
        var rates = new uint[] { 96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350 };
        Assert.Equal(sampleRate, rates[(config >> 7) & 0x0F]);
        Assert.Equal(mp4a.U16(16), (config >> 3) & 0x0F);
    }

    /// <summary>An ISO 14496-1 descriptor at the start of <paramref name="data"/>: its tag and its payload, whose size is
    /// coded in 7-bit groups, high bit meaning "more follows".</summary>
    private static (int Tag, byte[] Payload) Descriptor(byte[] data)
    {
        var size = 0;
        var at = 1;
        do
        {
            size = (size << 7) | (data[at] & 0x7F);
        }
        while ((data[at++] & 0x80) != 0 && at < 5);

        Assert.True(at + size <= data.Length, $"descriptor {data[0]} of {size} bytes runs past its parent");
        return (data[0], data[at..(at + size)]);
    }

    /// <summary>The NAL type of the first slice in a sample whose 4-byte-length-prefixed NAL units fill it exactly.</summary>
    private static int FirstSliceType(byte[] bytes, (long Offset, int Size) sample)
    {
        int? sliceType = null;
        for (var at = (int)sample.Offset; at < sample.Offset + sample.Size;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at, 4));
            Assert.True(length > 0 && at + 4 + length <= sample.Offset + sample.Size, $"a NAL unit at {at} overruns its sample");
            var type = bytes[at + 4] & 0x1F;
            sliceType ??= type is 1 or 5 ? type : null;
            at += 4 + length;
        }

        Assert.NotNull(sliceType);
        return sliceType!.Value;
    }
}
