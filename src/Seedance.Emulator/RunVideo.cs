using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Emulator;

/// <summary>
/// One run's video file: the MP4 of its shape (shared by every run of that shape) followed by a top-level ISO-BMFF
/// 'free' box whose payload starts with the run id and is filled deterministically from it, so every run's file is
/// distinct, traceable to its run and as large as configured, while players skip the padding. Bytes are produced on
/// demand, so a large padded video costs no more memory than its MP4.
/// </summary>
internal sealed class RunVideo
{
    private const int FreeHeaderSize = 8;
    private const int FillerBlockSize = 4096;

    private readonly byte[] media;
    private readonly byte[] paddingStart;
    private readonly byte[] filler;

    public RunVideo(byte[] media, string runId, long configuredBytes)
    {
        this.media = media;
        var marker = Encoding.ASCII.GetBytes(runId + "\n");
        Length = Math.Max(media.Length + FreeHeaderSize + marker.Length, configuredBytes);
        paddingStart = new byte[FreeHeaderSize + marker.Length];
        BinaryPrimitives.WriteUInt32BigEndian(paddingStart, checked((uint)(Length - media.Length)));
        Encoding.ASCII.GetBytes("free", 0, 4, paddingStart, 4);
        marker.CopyTo(paddingStart, FreeHeaderSize);
        // The run id's hash repeated: a whole number of hashes per block, so the block repeats seamlessly.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(runId));
        filler = new byte[FillerBlockSize];
        for (var offset = 0; offset < filler.Length; offset += hash.Length)
        {
            hash.CopyTo(filler, offset);
        }
    }

    /// <summary>The file's size: the configured one, or the MP4 and the marker when that is larger.</summary>
    public long Length { get; }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        Fill(bytes, 0);
        return bytes;
    }

    /// <summary>Writes bytes <paramref name="from"/>..<paramref name="to"/> (inclusive).</summary>
    public async Task WriteRangeAsync(Stream target, long from, long to, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(64 * 1024, to - from + 1)];
        for (var position = from; position <= to;)
        {
            var count = (int)Math.Min(buffer.Length, to - position + 1);
            Fill(buffer.AsSpan(0, count), position);
            await target.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            position += count;
        }
    }

    private void Fill(Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            ReadOnlySpan<byte> source;
            if (offset < media.Length)
            {
                source = media.AsSpan((int)offset);
            }
            else if (offset - media.Length < paddingStart.Length)
            {
                source = paddingStart.AsSpan((int)(offset - media.Length));
            }
            else
            {
                source = filler.AsSpan((int)((offset - media.Length - paddingStart.Length) % filler.Length));
            }

            var count = Math.Min(source.Length, destination.Length);
            source[..count].CopyTo(destination);
            destination = destination[count..];
            offset += count;
        }
    }
}
