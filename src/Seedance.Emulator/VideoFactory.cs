using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Emulator;

/// <summary>
/// Each run's video: the shipped sample MP4 (ftyp, moov, mdat: playable) followed by a top-level ISO-BMFF 'free' box
/// whose payload starts with the run id and is filled deterministically, so every run's file is distinct and as large
/// as configured while players skip the padding. Bytes are produced on demand, so large videos cost no memory.
/// </summary>
internal static class VideoFactory
{
    private const int FreeHeaderSize = 8;
    private static readonly byte[] Sample = LoadSample();

    public static long Length(long configuredBytes, string runId)
    {
        var minimum = Sample.Length + FreeHeaderSize + Marker(runId).Length;
        return Math.Max(minimum, configuredBytes);
    }

    public static byte[] Build(string runId, long configuredBytes)
    {
        var length = Length(configuredBytes, runId);
        var bytes = new byte[length];
        using var stream = new MemoryStream(bytes);
        WriteRangeAsync(stream, runId, configuredBytes, 0, length - 1, CancellationToken.None).GetAwaiter().GetResult();
        return bytes;
    }

    /// <summary>Writes bytes <paramref name="from"/>..<paramref name="to"/> (inclusive) of the run's video.</summary>
    public static async Task WriteRangeAsync(Stream target, string runId, long configuredBytes, long from, long to, CancellationToken cancellationToken)
    {
        var length = Length(configuredBytes, runId);
        var header = new byte[FreeHeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(length - Sample.Length));
        Encoding.ASCII.GetBytes("free", 0, 4, header, 4);
        var marker = Marker(runId);
        var filler = Filler(runId);
        var buffer = new byte[64 * 1024];
        var position = from;
        while (position <= to)
        {
            var count = (int)Math.Min(buffer.Length, to - position + 1);
            for (var index = 0; index < count; index++)
            {
                buffer[index] = ByteAt(position + index, header, marker, filler);
            }

            await target.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            position += count;
        }
    }

    private static byte ByteAt(long offset, byte[] header, byte[] marker, byte[] filler)
    {
        if (offset < Sample.Length)
        {
            return Sample[offset];
        }

        var inBox = offset - Sample.Length;
        if (inBox < FreeHeaderSize)
        {
            return header[inBox];
        }

        var inPayload = inBox - FreeHeaderSize;
        return inPayload < marker.Length ? marker[inPayload] : filler[(inPayload - marker.Length) % filler.Length];
    }

    /// <summary>The start of the 'free' payload: the run id, so a saved file can be traced back to its run.</summary>
    private static byte[] Marker(string runId) => Encoding.ASCII.GetBytes(runId + "\n");

    private static byte[] Filler(string runId) => SHA256.HashData(Encoding.UTF8.GetBytes(runId));

    private static byte[] LoadSample()
    {
        using var stream = typeof(VideoFactory).Assembly.GetManifestResourceStream("Seedance.Emulator.sample.mp4")
            ?? throw new InvalidOperationException("The sample MP4 is missing from the emulator assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
