using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// An API answer's body as the UTF-8 bytes it came in, read in chunks smaller than the large-object heap's threshold.
/// A search page of 500 runs is a few hundred kilobytes: read as one string it was a large object twice its size
/// (UTF-16), and large allocations are what start full collections; young chunks die in the next cheap one. Nothing is
/// rented from the shared array pool either, whose per-thread caches kept several such buffers alive after the pipeline.
/// </summary>
internal static class AnswerBody
{
    // Under the 85,000 bytes from which an array goes to the large-object heap.
    internal const int ChunkSize = 64 * 1024;

    // Most answers (a run, a create, an error) are one or two kilobytes.
    private const int FirstChunkSize = 4 * 1024;

    public static async Task<ReadOnlySequence<byte>> ReadAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var announced = content.Headers.ContentLength;
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        AnswerChunk? first = null;
        AnswerChunk? last = null;
        long total = 0;
        var size = announced is > 0 and <= ChunkSize ? (int)announced.Value : FirstChunkSize;
        while (true)
        {
            var chunk = new byte[size];
            var filled = 0;
            int read;
            do
            {
                read = await stream.ReadAsync(chunk, filled, chunk.Length - filled, cancellationToken).ConfigureAwait(false);
                filled += read;
            }
            while (read > 0 && filled < chunk.Length);

            if (filled > 0)
            {
                var bytes = new ReadOnlyMemory<byte>(chunk, 0, filled);
                last = last is null ? first = new AnswerChunk(bytes) : last.Append(bytes);
                total += filled;
            }

            // A known length read whole needs no further read (which would cost a chunk to learn the stream ended).
            if (read == 0 || (announced is { } length && total >= length))
            {
                break;
            }

            size = Math.Min(ChunkSize, size * 4);
        }

        if (first is null)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var body = new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
        return InUtf8(body, content.Headers.ContentType?.CharSet);
    }

    /// <summary>The body as UTF-8 without a byte order mark, as the text reader it replaced gave it: JSON on the wire is
    /// UTF-8 (RFC 8259), but a server may still prefix a BOM or name another charset, which is decoded and re-encoded.</summary>
    private static ReadOnlySequence<byte> InUtf8(ReadOnlySequence<byte> body, string? charset)
    {
        var name = charset?.Trim().Trim('"');
        if (!string.IsNullOrEmpty(name) && !name!.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            Encoding encoding;
            try
            {
                encoding = Encoding.GetEncoding(name);
            }
            catch (ArgumentException)
            {
                // A charset nobody knows: read as UTF-8, as JSON is meant to be.
                return WithoutByteOrderMark(body);
            }

            var text = encoding.GetString(body.ToArray());
            return FromText(text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text);
        }

        return WithoutByteOrderMark(body);
    }

    private static ReadOnlySequence<byte> WithoutByteOrderMark(ReadOnlySequence<byte> body)
    {
        if (body.Length < 3)
        {
            return body;
        }

        Span<byte> head = stackalloc byte[3];
        body.Slice(0, 3).CopyTo(head);
        return head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? body.Slice(3) : body;
    }

    public static ReadOnlySequence<byte> FromText(string text) => new(Encoding.UTF8.GetBytes(text));

    public static string ToText(in ReadOnlySequence<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.IsSingleSegment && MemoryMarshal.TryGetArray(utf8.First, out var segment))
        {
            return Encoding.UTF8.GetString(segment.Array!, segment.Offset, segment.Count);
        }

        return Encoding.UTF8.GetString(utf8.ToArray());
    }
}
