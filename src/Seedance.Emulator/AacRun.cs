using System;
using System.Collections.Generic;

namespace Seedance.Emulator;

/// <summary>
/// A short run of AAC frames, read from an embedded ADTS stream (Assets/make-samples.sh), with the AudioSpecificConfig
/// its headers imply. The run is silence, so any number of its frames in a row decodes to silence of that length.
/// </summary>
internal sealed class AacRun
{
    /// <summary>AAC-LC codes 1024 samples per frame.</summary>
    public const int SamplesPerFrame = 1024;

    private static readonly int[] SampleRates = { 96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350 };

    private AacRun(int sampleRate, int channels, byte[] audioSpecificConfig, IReadOnlyList<byte[]> frames)
    {
        SampleRate = sampleRate;
        Channels = channels;
        AudioSpecificConfig = audioSpecificConfig;
        Frames = frames;
    }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>The decoder configuration that esds carries (ISO 14496-3 §1.6.2.1): object type, rate index, channels.</summary>
    public byte[] AudioSpecificConfig { get; }

    /// <summary>Raw frames, their ADTS headers removed as MP4 wants.</summary>
    public IReadOnlyList<byte[]> Frames { get; }

    /// <summary>Reads a run from an ADTS stream; <paramref name="name"/> names it in errors.</summary>
    public static AacRun Parse(string name, byte[] stream)
    {
        var frames = new List<byte[]>();
        int objectType = 0, rateIndex = 0, channels = 0;
        for (var offset = 0; offset < stream.Length;)
        {
            if (offset + 7 > stream.Length || stream[offset] != 0xFF || (stream[offset + 1] & 0xF0) != 0xF0)
            {
                throw new InvalidOperationException($"{name} has no ADTS header at byte {offset}.");
            }

            var headerLength = (stream[offset + 1] & 0x01) == 1 ? 7 : 9;
            objectType = (stream[offset + 2] >> 6) + 1;
            rateIndex = (stream[offset + 2] >> 2) & 0x0F;
            channels = ((stream[offset + 2] & 0x01) << 2) | (stream[offset + 3] >> 6);
            var frameLength = ((stream[offset + 3] & 0x03) << 11) | (stream[offset + 4] << 3) | (stream[offset + 5] >> 5);
            if ((stream[offset + 6] & 0x03) != 0 || frameLength <= headerLength || offset + frameLength > stream.Length)
            {
                throw new InvalidOperationException($"{name} has an ADTS frame at byte {offset} that is not one whole raw block.");
            }

            frames.Add(stream[(offset + headerLength)..(offset + frameLength)]);
            offset += frameLength;
        }

        if (frames.Count == 0 || rateIndex >= SampleRates.Length)
        {
            throw new InvalidOperationException($"{name} has no usable AAC frames.");
        }

        var config = (objectType << 11) | (rateIndex << 7) | (channels << 3);
        return new AacRun(SampleRates[rateIndex], channels, new[] { (byte)(config >> 8), (byte)config }, frames);
    }
}
