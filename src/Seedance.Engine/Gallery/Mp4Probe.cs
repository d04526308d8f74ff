using System;
using System.IO;

namespace Seedance.Engine.Gallery;

/// <summary>
/// Reads the few facts a gallery shows from an ISO-BMFF (MP4, MOV) file by walking its box headers: the movie header
/// (mvhd) for the length and the track headers (tkhd) for the picture size. Only headers are read and media data is
/// seeked over, so a large video costs a handful of small reads. Anything malformed gives "unknown", never an exception.
/// </summary>
public static class Mp4Probe
{
    private const int BoxHeaderLength = 8;

    // Box types a QuickTime or MP4 file can open with; any other first box means the file is something else.
    private static readonly string[] LeadingBoxTypes = { "ftyp", "moov", "mdat", "wide", "free", "skip" };

    /// <summary>Whether the file opens like an MP4 or MOV file (its first box has a known type).</summary>
    public static bool LooksLikeVideo(string path)
    {
        try
        {
            using var stream = OpenRead(path);
            var header = new byte[BoxHeaderLength];
            return stream.Read(header, 0, BoxHeaderLength) == BoxHeaderLength
                && Array.IndexOf(LeadingBoxTypes, System.Text.Encoding.ASCII.GetString(header, 4, 4)) >= 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The facts of the file at <paramref name="path"/>, or null when it cannot be read as an MP4.</summary>
    public static Mp4Facts? Read(string path)
    {
        try
        {
            using var stream = OpenRead(path);
            return Read(stream);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static Mp4Facts? Read(Stream stream)
    {
        if (!TryFindBox(stream, 0, stream.Length, "moov", out var moovStart, out var moovEnd))
        {
            return null;
        }

        TimeSpan? duration = null;
        if (TryFindBox(stream, moovStart, moovEnd, "mvhd", out var mvhdStart, out var mvhdEnd))
        {
            duration = ReadMovieDuration(stream, mvhdStart, mvhdEnd);
        }

        int? width = null;
        int? height = null;
        var position = moovStart;
        while (width is null && TryFindBox(stream, position, moovEnd, "trak", out var trakStart, out var trakEnd))
        {
            if (TryFindBox(stream, trakStart, trakEnd, "tkhd", out var tkhdStart, out var tkhdEnd))
            {
                (width, height) = ReadTrackSize(stream, tkhdStart, tkhdEnd);
            }

            position = trakEnd;
        }

        return new Mp4Facts(duration, width, height);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.RandomAccess);

    /// <summary>Finds the first box of <paramref name="type"/> among the boxes between <paramref name="start"/> and
    /// <paramref name="end"/>; gives the range of its payload.</summary>
    private static bool TryFindBox(Stream stream, long start, long end, string type, out long payloadStart, out long payloadEnd)
    {
        var header = new byte[16];
        var position = start;
        while (position + BoxHeaderLength <= end)
        {
            stream.Position = position;
            if (!ReadExactly(stream, header, BoxHeaderLength))
            {
                break;
            }

            long size = ReadUInt32(header, 0);
            var headerLength = BoxHeaderLength;
            if (size == 1)
            {
                // A 64-bit size follows the type.
                if (!ReadExactly(stream, header, 8, 8))
                {
                    break;
                }

                size = (long)ReadUInt64(header, 8);
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = end - position;
            }

            if (size < headerLength || size > end - position)
            {
                break;
            }

            if (string.CompareOrdinal(System.Text.Encoding.ASCII.GetString(header, 4, 4), type) == 0)
            {
                payloadStart = position + headerLength;
                payloadEnd = position + size;
                return true;
            }

            position += size;
        }

        payloadStart = payloadEnd = 0;
        return false;
    }

    private static TimeSpan? ReadMovieDuration(Stream stream, long start, long end)
    {
        // version(1) flags(3); version 0: creation(4) modification(4) timescale(4) duration(4); version 1: 8, 8, 4, 8.
        var fields = new byte[32];
        var length = (int)Math.Min(fields.Length, end - start);
        stream.Position = start;
        if (length < 20 || !ReadExactly(stream, fields, length))
        {
            return null;
        }

        var version = fields[0];
        if (version == 1 && length < 32)
        {
            return null;
        }

        var timescale = ReadUInt32(fields, version == 1 ? 20 : 12);
        var units = version == 1 ? ReadUInt64(fields, 24) : ReadUInt32(fields, 16);
        // All ones means "unknown" and zero is what a fragmented file writes: neither is a length.
        var unknown = version == 1 ? ulong.MaxValue : uint.MaxValue;
        if (timescale == 0 || units == 0 || units == unknown)
        {
            return null;
        }

        return TimeSpan.FromTicks((long)Math.Round(units / (double)timescale * TimeSpan.TicksPerSecond));
    }

    private static (int? Width, int? Height) ReadTrackSize(Stream stream, long start, long end)
    {
        // After version/flags and the version-dependent times, id and duration: 8 reserved bytes, layer, alternate
        // group, volume, 2 reserved, a 36-byte matrix, then width and height in 16.16 fixed point.
        var fields = new byte[104];
        var length = (int)Math.Min(fields.Length, end - start);
        stream.Position = start;
        if (length < 84 || !ReadExactly(stream, fields, length))
        {
            return (null, null);
        }

        var sizeOffset = fields[0] == 1 ? 88 : 76;
        if (length < sizeOffset + 8)
        {
            return (null, null);
        }

        var width = (int)(ReadUInt32(fields, sizeOffset) >> 16);
        var height = (int)(ReadUInt32(fields, sizeOffset + 4) >> 16);
        // Sound tracks have no picture: their size is zero.
        return width > 0 && height > 0 ? (width, height) : (null, null);
    }

    private static bool ReadExactly(Stream stream, byte[] buffer, int count, int offset = 0)
    {
        var read = 0;
        while (read < count)
        {
            var chunk = stream.Read(buffer, offset + read, count - read);
            if (chunk == 0)
            {
                return false;
            }

            read += chunk;
        }

        return true;
    }

    private static uint ReadUInt32(byte[] bytes, int offset) =>
        ((uint)bytes[offset] << 24) | ((uint)bytes[offset + 1] << 16) | ((uint)bytes[offset + 2] << 8) | bytes[offset + 3];

    private static ulong ReadUInt64(byte[] bytes, int offset) => ((ulong)ReadUInt32(bytes, offset) << 32) | ReadUInt32(bytes, offset + 4);
}
