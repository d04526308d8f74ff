using System;
using System.Collections.Generic;
using System.Linq;

namespace Seedance.Emulator;

/// <summary>
/// One track of an MP4 being written: its samples in decoding order, all of one duration, grouped into chunks that
/// the writer interleaves in mdat. The sample tables (stts, stss, stsc, stsz, stco) are read off this plan.
/// </summary>
internal sealed class Mp4Track
{
    private readonly int[] chunkFirstSample;

    public Mp4Track(uint id, string handler, uint timescale, uint sampleDelta, IReadOnlyList<byte[]> samples,
        IReadOnlyList<int> chunkSampleCounts, IReadOnlyList<int>? syncSampleNumbers)
    {
        if (chunkSampleCounts.Sum() != samples.Count)
        {
            throw new ArgumentException("The chunks must hold every sample exactly once.", nameof(chunkSampleCounts));
        }

        Id = id;
        Handler = handler;
        Timescale = timescale;
        SampleDelta = sampleDelta;
        Samples = samples;
        ChunkSampleCounts = chunkSampleCounts;
        SyncSampleNumbers = syncSampleNumbers;
        ChunkOffsets = new long[chunkSampleCounts.Count];
        chunkFirstSample = new int[chunkSampleCounts.Count];
        for (var chunk = 1; chunk < chunkSampleCounts.Count; chunk++)
        {
            chunkFirstSample[chunk] = chunkFirstSample[chunk - 1] + chunkSampleCounts[chunk - 1];
        }
    }

    public uint Id { get; }

    /// <summary>The hdlr type: <c>vide</c> or <c>soun</c>.</summary>
    public string Handler { get; }

    public uint Timescale { get; }

    public uint SampleDelta { get; }

    public IReadOnlyList<byte[]> Samples { get; }

    public IReadOnlyList<int> ChunkSampleCounts { get; }

    /// <summary>1-based numbers of the samples a decoder can start at (stss); null when every sample is one.</summary>
    public IReadOnlyList<int>? SyncSampleNumbers { get; }

    /// <summary>Each chunk's absolute file offset, set by the writer once mdat's place is known.</summary>
    public long[] ChunkOffsets { get; }

    public long MediaDuration => (long)Samples.Count * SampleDelta;

    /// <summary>The media duration in the movie's timescale, rounded up so the movie covers every sample.</summary>
    public long DurationIn(uint movieTimescale) => (MediaDuration * movieTimescale + Timescale - 1) / Timescale;

    /// <summary>The samples of chunk <paramref name="chunk"/>, in order.</summary>
    public IEnumerable<byte[]> ChunkSamples(int chunk)
    {
        for (var index = 0; index < ChunkSampleCounts[chunk]; index++)
        {
            yield return Samples[chunkFirstSample[chunk] + index];
        }
    }

    /// <summary>stsc's runs: the first chunk (1-based) of each run of chunks with the same sample count.</summary>
    public IEnumerable<(int FirstChunk, int SamplesPerChunk)> ChunkRuns()
    {
        for (var chunk = 0; chunk < ChunkSampleCounts.Count; chunk++)
        {
            if (chunk == 0 || ChunkSampleCounts[chunk] != ChunkSampleCounts[chunk - 1])
            {
                yield return (chunk + 1, ChunkSampleCounts[chunk]);
            }
        }
    }

    /// <summary>The size every sample shares, which lets stsz omit its table; 0 when sizes differ.</summary>
    public uint CommonSampleSize()
    {
        var first = Samples[0].Length;
        return Samples.All(sample => sample.Length == first) ? (uint)first : 0;
    }

    /// <summary>Chunks of <paramref name="perChunk"/> samples, the last holding what is left.</summary>
    public static IReadOnlyList<int> EvenChunks(int sampleCount, int perChunk)
    {
        var counts = new List<int>();
        for (var left = sampleCount; left > 0; left -= perChunk)
        {
            counts.Add(Math.Min(perChunk, left));
        }

        return counts;
    }
}
