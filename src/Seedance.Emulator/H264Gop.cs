using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Seedance.Emulator;

/// <summary>
/// One closed group of pictures, read from an embedded Annex B stream (Assets/make-samples.sh): its SPS and PPS for the
/// avcC box and its frames, IDR first, each as an MP4 sample (NAL units with 4-byte length prefixes). The GOP lasts
/// one second, so repeating it N times makes an N-second video that a decoder can enter at every repetition.
/// </summary>
internal sealed class H264Gop
{
    private const int NalTypeNonIdrSlice = 1;
    private const int NalTypeIdrSlice = 5;
    private const int NalTypeSps = 7;
    private const int NalTypePps = 8;

    private H264Gop(int width, int height, byte[] sps, byte[] pps, IReadOnlyList<byte[]> frames)
    {
        Width = width;
        Height = height;
        Sps = sps;
        Pps = pps;
        Frames = frames;
    }

    /// <summary>The displayed width, after the SPS's cropping.</summary>
    public int Width { get; }

    public int Height { get; }

    public byte[] Sps { get; }

    public byte[] Pps { get; }

    /// <summary>The frames in decoding order (there are no B-frames, so that is display order too).</summary>
    public IReadOnlyList<byte[]> Frames { get; }

    /// <summary>The GOP is one second long, so its frame count is the frame rate.</summary>
    public int FramesPerSecond => Frames.Count;

    /// <summary>Reads a GOP from an Annex B stream; <paramref name="name"/> names it in errors.</summary>
    public static H264Gop Parse(string name, byte[] stream, int width, int height)
    {
        byte[]? sps = null;
        byte[]? pps = null;
        var frames = new List<byte[]>();
        foreach (var nal in NalUnits(stream))
        {
            switch (nal[0] & 0x1F)
            {
                case NalTypeSps:
                    sps = nal;
                    break;
                case NalTypePps:
                    pps = nal;
                    break;
                case NalTypeIdrSlice when frames.Count == 0:
                case NalTypeNonIdrSlice when frames.Count > 0:
                    frames.Add(LengthPrefixed(nal));
                    break;
                case NalTypeIdrSlice or NalTypeNonIdrSlice:
                    throw new InvalidOperationException($"{name} is not one closed GOP that starts at its only IDR frame.");
            }
        }

        if (sps is null || pps is null || frames.Count == 0)
        {
            throw new InvalidOperationException($"{name} lacks its SPS, PPS or frames.");
        }

        return new H264Gop(width, height, sps, pps, frames);
    }

    /// <summary>Splits an Annex B byte stream at its start codes. A NAL unit never ends in a zero byte, so zeros before
    /// a start code belong to the next (four-byte) start code.</summary>
    private static IEnumerable<byte[]> NalUnits(byte[] stream)
    {
        var starts = new List<int>();
        for (var index = 0; index + 2 < stream.Length; index++)
        {
            if (stream[index] == 0 && stream[index + 1] == 0 && stream[index + 2] == 1)
            {
                starts.Add(index + 3);
                index += 2;
            }
        }

        for (var unit = 0; unit < starts.Count; unit++)
        {
            var end = unit + 1 < starts.Count ? starts[unit + 1] - 3 : stream.Length;
            while (end > starts[unit] && stream[end - 1] == 0)
            {
                end--;
            }

            if (end > starts[unit])
            {
                yield return stream[starts[unit]..end];
            }
        }
    }

    private static byte[] LengthPrefixed(byte[] nal)
    {
        var sample = new byte[4 + nal.Length];
        BinaryPrimitives.WriteUInt32BigEndian(sample, (uint)nal.Length);
        nal.CopyTo(sample, 4);
        return sample;
    }
}
