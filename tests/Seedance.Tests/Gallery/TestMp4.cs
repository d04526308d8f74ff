using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Seedance.Tests.Gallery;

/// <summary>Hand-built ISO-BMFF files for the header reader: just the boxes it reads (ftyp, moov with mvhd and tkhd, and
/// a media box to skip), in either version, so each layout is pinned down without a real encoder.</summary>
internal static class TestMp4
{
    /// <summary>A file with a sound track (no picture) before the video track, as many muxers write it.</summary>
    public static byte[] Build(double seconds, int width, int height, bool version1 = false, bool mdatFirst = false, bool largeMdat = false)
    {
        const uint timescale = 1000;
        var duration = (ulong)Math.Round(seconds * timescale);
        var moov = Box("moov", Concat(
            MovieHeader(version1, timescale, duration),
            Box("trak", TrackHeader(version1, 2, duration, 0, 0)),
            Box("trak", TrackHeader(version1, 1, duration, width, height))));
        var payload = new byte[64];
        var mdat = largeMdat ? LargeBox("mdat", payload) : Box("mdat", payload);
        var ftyp = Box("ftyp", Concat(Ascii("isom"), UInt32(0x200), Ascii("isomavc1")));
        return mdatFirst ? Concat(ftyp, mdat, moov) : Concat(ftyp, moov, mdat);
    }

    public static void Write(string path, double seconds = 5, int width = 160, int height = 90)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Build(seconds, width, height));
    }

    private static byte[] MovieHeader(bool version1, uint timescale, ulong duration)
    {
        var times = version1
            ? Concat(UInt64(0), UInt64(0), UInt32(timescale), UInt64(duration))
            : Concat(UInt32(0), UInt32(0), UInt32(timescale), UInt32((uint)duration));
        return FullBox("mvhd", version1 ? (byte)1 : (byte)0, Concat(times, UInt32(0x00010000), new byte[2 + 2 + 8 + 36 + 24], UInt32(3)));
    }

    private static byte[] TrackHeader(bool version1, uint trackId, ulong duration, int width, int height)
    {
        var times = version1
            ? Concat(UInt64(0), UInt64(0), UInt32(trackId), UInt32(0), UInt64(duration))
            : Concat(UInt32(0), UInt32(0), UInt32(trackId), UInt32(0), UInt32((uint)duration));
        return FullBox("tkhd", version1 ? (byte)1 : (byte)0, Concat(times, new byte[8 + 2 + 2 + 2 + 2 + 36], UInt32((uint)width << 16), UInt32((uint)height << 16)));
    }

    private static byte[] FullBox(string type, byte version, byte[] body) => Box(type, Concat(new byte[] { version, 0, 0, 3 }, body));

    private static byte[] Box(string type, byte[] body) => Concat(UInt32((uint)(8 + body.Length)), Ascii(type), body);

    private static byte[] LargeBox(string type, byte[] body) => Concat(UInt32(1), Ascii(type), UInt64((ulong)(16 + body.Length)), body);

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] UInt32(uint value) => new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };

    private static byte[] UInt64(ulong value) => Concat(UInt32((uint)(value >> 32)), UInt32((uint)value));

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (var part in parts)
        {
            all.AddRange(part);
        }

        return all.ToArray();
    }
}
