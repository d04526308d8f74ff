using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>
/// What a trak box says about its track: handler, sample entry, header sizes and durations, and where every sample
/// lies in the file, resolved through stsz, stsc and stco as a player would.
/// </summary>
public sealed class Mp4TrackFacts
{
    public Mp4TrackFacts(Mp4Box trak)
    {
        Trak = trak;
        var tkhd = trak.Path("tkhd");
        Assert.Equal(0, tkhd.U8(0));
        TrackId = tkhd.U32(12);
        HeaderDuration = tkhd.U32(20);
        // 16.16 fixed point, after the matrix.
        Width = tkhd.U32(76) / 65536.0;
        Height = tkhd.U32(80) / 65536.0;
        var mdhd = trak.Path("mdia/mdhd");
        Assert.Equal(0, mdhd.U8(0));
        Timescale = mdhd.U32(12);
        MediaDuration = mdhd.U32(16);
        Handler = System.Text.Encoding.ASCII.GetString(trak.Path("mdia/hdlr").Payload.Slice(8, 4));
        var stbl = trak.Path("mdia/minf/stbl");
        SampleEntry = Assert.Single(stbl.Path("stsd").Children);
        Assert.Equal(1u, stbl.Path("stsd").U32(4));
        SampleDurations = stbl.Path("stts").Table(8, 2).SelectMany(entry => Enumerable.Repeat((long)entry[1], (int)entry[0])).ToList();
        SyncSamples = stbl.Has("stss") ? stbl.Path("stss").Table(8, 1).Select(entry => (int)entry[0]).ToList() : null;
        Samples = Locate(stbl);
        Assert.Equal(SampleDurations.Count, Samples.Count);
    }

    public Mp4Box Trak { get; }

    public uint TrackId { get; }

    /// <summary>The track's duration in the movie's timescale (tkhd).</summary>
    public uint HeaderDuration { get; }

    public double Width { get; }

    public double Height { get; }

    public uint Timescale { get; }

    public uint MediaDuration { get; }

    public string Handler { get; }

    /// <summary>The one entry of stsd: avc1, mp4a, ...</summary>
    public Mp4Box SampleEntry { get; }

    /// <summary>Every sample's duration in the media timescale, expanded from stts.</summary>
    public IReadOnlyList<long> SampleDurations { get; }

    /// <summary>1-based sync sample numbers (stss), or null when every sample is one.</summary>
    public IReadOnlyList<int>? SyncSamples { get; }

    /// <summary>Each sample's file offset and size, in decoding order.</summary>
    public IReadOnlyList<(long Offset, int Size)> Samples { get; }

    public double MediaSeconds => (double)MediaDuration / Timescale;

    private static List<(long Offset, int Size)> Locate(Mp4Box stbl)
    {
        var stsz = stbl.Path("stsz");
        var commonSize = stsz.U32(4);
        var sampleCount = (int)stsz.U32(8);
        var sizes = commonSize != 0
            ? Enumerable.Repeat((int)commonSize, sampleCount).ToList()
            : stsz.Table(12, 1, countAt: 8).Select(entry => (int)entry[0]).ToList();
        Assert.False(stbl.Has("co64"), "these small files need no 64-bit chunk offsets");
        var chunkOffsets = stbl.Path("stco").Table(8, 1).Select(entry => (long)entry[0]).ToList();
        var runs = stbl.Path("stsc").Table(8, 3);
        Assert.NotEmpty(runs);
        Assert.Equal(1u, runs[0][0]);

        var samples = new List<(long Offset, int Size)>();
        for (var chunk = 1; chunk <= chunkOffsets.Count; chunk++)
        {
            var perChunk = (int)runs.Last(run => run[0] <= chunk)[1];
            var offset = chunkOffsets[chunk - 1];
            for (var index = 0; index < perChunk; index++)
            {
                Assert.True(samples.Count < sizes.Count, "stsc places more samples than stsz sizes");
                var size = sizes[samples.Count];
                samples.Add((offset, size));
                offset += size;
            }
        }

        Assert.Equal(sizes.Count, samples.Count);
        return samples;
    }
}
