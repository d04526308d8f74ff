using System.Linq;

namespace Seedance.Emulator;

/// <summary>The stsd entries of the two tracks: avc1 with the GOP's avcC, mp4a with the AAC run's esds.</summary>
internal static class Mp4SampleEntries
{
    public static void Avc1(BoxBuilder box, H264Gop gop)
    {
        using var avc1 = box.Box("avc1");
        box.Zeros(6);
        box.UInt16(1);
        box.Zeros(2 + 2 + 12);
        box.UInt16(gop.Width);
        box.UInt16(gop.Height);
        // 72 dpi both ways, one frame per sample, no compressor name, 24-bit colour, no colour table.
        box.UInt32(0x00480000);
        box.UInt32(0x00480000);
        box.UInt32(0);
        box.UInt16(1);
        box.Zeros(32);
        box.UInt16(0x0018);
        box.UInt16(0xFFFF);
        using (box.Box("avcC"))
        {
            box.UInt8(1);
            box.UInt8(gop.Sps[1]);
            box.UInt8(gop.Sps[2]);
            box.UInt8(gop.Sps[3]);
            // Six reserved one-bits, then lengthSizeMinusOne = 3: samples carry 4-byte NAL lengths.
            box.UInt8(0xFF);
            // Three reserved one-bits, then one SPS.
            box.UInt8(0xE1);
            box.UInt16(gop.Sps.Length);
            box.Bytes(gop.Sps);
            box.UInt8(1);
            box.UInt16(gop.Pps.Length);
            box.Bytes(gop.Pps);
        }
    }

    public static void Mp4a(BoxBuilder box, AacRun audio, Mp4Track sound)
    {
        using var mp4a = box.Box("mp4a");
        box.Zeros(6);
        box.UInt16(1);
        box.Zeros(8);
        box.UInt16(audio.Channels);
        box.UInt16(16);
        box.Zeros(2 + 2);
        box.UInt32((uint)audio.SampleRate << 16);
        var bytes = sound.Samples.Sum(sample => (long)sample.Length);
        var averageBitrate = (uint)(bytes * 8 * sound.Timescale / sound.MediaDuration);
        var largestFrame = sound.Samples.Max(sample => sample.Length);
        using (box.FullBox("esds"))
        {
            // ISO 14496-1 descriptors; every one here is under 128 bytes, so each size fits one byte.
            var config = audio.AudioSpecificConfig;
            box.UInt8(0x03);
            box.UInt8(3 + 2 + 13 + 2 + config.Length + 3);
            box.UInt16(0);
            box.UInt8(0);
            box.UInt8(0x04);
            box.UInt8(13 + 2 + config.Length);
            // MPEG-4 audio; an audio stream (5 << 2) with the reserved bit set.
            box.UInt8(0x40);
            box.UInt8(0x15);
            box.UInt24(largestFrame);
            box.UInt32(averageBitrate);
            box.UInt32(averageBitrate);
            box.UInt8(0x05);
            box.UInt8(config.Length);
            box.Bytes(config);
            // SLConfigDescriptor, predefined 2 as MP4 files require.
            box.UInt8(0x06);
            box.UInt8(1);
            box.UInt8(0x02);
        }
    }
}
