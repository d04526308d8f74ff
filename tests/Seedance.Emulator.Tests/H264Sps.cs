using System;
using System.Collections.Generic;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>
/// The fields of an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) that fix the picture: profile, level and
/// the displayed size, i.e. the coded macroblocks less the frame cropping. Read independently of the emulator.
/// </summary>
public sealed record H264Sps(int Profile, int Level, int Width, int Height)
{
    /// <summary>Profiles whose SPS carries chroma format and bit depths before the frame fields.</summary>
    private static readonly HashSet<int> HighProfiles = new() { 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 };

    public static H264Sps Parse(ReadOnlySpan<byte> nal)
    {
        Assert.Equal(7, nal[0] & 0x1F);
        var bits = new BitReader(WithoutEmulationPrevention(nal[1..]));
        var profile = bits.Bits(8);
        bits.Bits(8);
        var level = bits.Bits(8);
        bits.UnsignedExpGolomb();
        var chromaFormat = 1;
        if (HighProfiles.Contains(profile))
        {
            chromaFormat = bits.UnsignedExpGolomb();
            if (chromaFormat == 3)
            {
                bits.Bits(1);
            }

            bits.UnsignedExpGolomb();
            bits.UnsignedExpGolomb();
            bits.Bits(1);
            Assert.True(bits.Bits(1) == 0, "an SPS with scaling matrices is beyond this reader");
        }

        bits.UnsignedExpGolomb();
        var pictureOrderCountType = bits.UnsignedExpGolomb();
        if (pictureOrderCountType == 0)
        {
            bits.UnsignedExpGolomb();
        }
        else if (pictureOrderCountType == 1)
        {
            bits.Bits(1);
            bits.SignedExpGolomb();
            bits.SignedExpGolomb();
            var cycle = bits.UnsignedExpGolomb();
            for (var index = 0; index < cycle; index++)
            {
                bits.SignedExpGolomb();
            }
        }

        bits.UnsignedExpGolomb();
        bits.Bits(1);
        var widthInMacroblocks = bits.UnsignedExpGolomb() + 1;
        var heightInMapUnits = bits.UnsignedExpGolomb() + 1;
        var frameMacroblocksOnly = bits.Bits(1);
        if (frameMacroblocksOnly == 0)
        {
            bits.Bits(1);
        }

        bits.Bits(1);
        int left = 0, right = 0, top = 0, bottom = 0;
        if (bits.Bits(1) == 1)
        {
            left = bits.UnsignedExpGolomb();
            right = bits.UnsignedExpGolomb();
            top = bits.UnsignedExpGolomb();
            bottom = bits.UnsignedExpGolomb();
        }

        // Crop units (Table 6-1, equations 7-19 to 7-22): chroma subsampling across, and field pairs down.
        var cropX = chromaFormat is 1 or 2 ? 2 : 1;
        var cropY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMacroblocksOnly);
        var width = widthInMacroblocks * 16 - cropX * (left + right);
        var height = (2 - frameMacroblocksOnly) * heightInMapUnits * 16 - cropY * (top + bottom);
        return new H264Sps(profile, level, width, height);
    }

    /// <summary>The RBSP: each 00 00 03 loses its 03.</summary>
    private static byte[] WithoutEmulationPrevention(ReadOnlySpan<byte> payload)
    {
        var rbsp = new List<byte>(payload.Length);
        var zeros = 0;
        foreach (var value in payload)
        {
            if (zeros >= 2 && value == 3)
            {
                zeros = 0;
                continue;
            }

            zeros = value == 0 ? zeros + 1 : 0;
            rbsp.Add(value);
        }

        return rbsp.ToArray();
    }

    private sealed class BitReader
    {
        private readonly byte[] bytes;
        private int position;

        public BitReader(byte[] bytes) => this.bytes = bytes;

        public int Bits(int count)
        {
            var value = 0;
            for (var index = 0; index < count; index++)
            {
                Assert.True(position < bytes.Length * 8, "the SPS ends early");
                value = (value << 1) | ((bytes[position / 8] >> (7 - position % 8)) & 1);
                position++;
            }

            return value;
        }

        public int UnsignedExpGolomb()
        {
            var leadingZeros = 0;
            while (Bits(1) == 0)
            {
                leadingZeros++;
                Assert.True(leadingZeros < 32, "an Exp-Golomb code longer than 32 bits");
            }

            return (1 << leadingZeros) - 1 + Bits(leadingZeros);
        }

        public int SignedExpGolomb()
        {
            var code = UnsignedExpGolomb();
            return code % 2 == 1 ? (code + 1) / 2 : -(code / 2);
        }
    }
}
