using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>
/// A box of an MP4 file as this test project reads it, written from ISO 14496-12 on its own (it shares nothing with
/// the emulator's writer, so a misreading of the format in one shows up against the other). Containers are parsed
/// into children; every box must fit its parent exactly, which the parse asserts.
/// </summary>
public sealed class Mp4Box
{
    /// <summary>Where children start inside a container's payload: after a full-box header and entry count (stsd,
    /// dref), or after the fixed fields of a sample entry (avc1, mp4a).</summary>
    private static readonly Dictionary<string, int> ChildrenStart = new(StringComparer.Ordinal)
    {
        ["moov"] = 0, ["trak"] = 0, ["mdia"] = 0, ["minf"] = 0, ["dinf"] = 0, ["stbl"] = 0,
        ["stsd"] = 8, ["dref"] = 8, ["avc1"] = 78, ["mp4a"] = 28,
    };

    private Mp4Box(byte[] file, string type, int offset, int size, IReadOnlyList<Mp4Box> children)
    {
        File = file;
        Type = type;
        Offset = offset;
        Size = size;
        Children = children;
    }

    public byte[] File { get; }

    public string Type { get; }

    /// <summary>The box's first byte in the file.</summary>
    public int Offset { get; }

    public int Size { get; }

    public int PayloadOffset => Offset + 8;

    public ReadOnlySpan<byte> Payload => File.AsSpan(PayloadOffset, Size - 8);

    public IReadOnlyList<Mp4Box> Children { get; }

    /// <summary>The boxes of a whole file, which must follow each other to its last byte.</summary>
    public static IReadOnlyList<Mp4Box> ParseFile(byte[] file) => ParseRange(file, 0, file.Length);

    /// <summary>The one descendant at a slash-separated path of types, e.g. <c>mdia/minf/stbl/stsd/avc1</c>.</summary>
    public Mp4Box Path(string path)
    {
        var box = this;
        foreach (var type in path.Split('/'))
        {
            box = Assert.Single(box.Children, child => child.Type == type);
        }

        return box;
    }

    public bool Has(string type) => Children.Any(child => child.Type == type);

    /// <summary>A big-endian unsigned 32-bit field at <paramref name="at"/> bytes into the payload.</summary>
    public uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(Payload[at..]);

    public ushort U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(Payload[at..]);

    public byte U8(int at) => Payload[at];

    /// <summary>The entries of a full box's table: an entry count at payload offset 4, then fixed-size rows of 32-bit
    /// fields starting at <paramref name="tableStart"/>.</summary>
    public IReadOnlyList<uint[]> Table(int tableStart, int fieldsPerEntry, int countAt = 4)
    {
        var count = (int)U32(countAt);
        Assert.True(tableStart + count * fieldsPerEntry * 4 <= Payload.Length, $"{Type}'s {count} entries run past its end");
        return Enumerable.Range(0, count)
            .Select(entry => Enumerable.Range(0, fieldsPerEntry).Select(field => U32(tableStart + (entry * fieldsPerEntry + field) * 4)).ToArray())
            .ToList();
    }

    private static IReadOnlyList<Mp4Box> ParseRange(byte[] file, int start, int end)
    {
        var boxes = new List<Mp4Box>();
        for (var offset = start; offset < end;)
        {
            Assert.True(offset + 8 <= end, $"a box header at {offset} runs past its parent's end {end}");
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset, 4));
            var type = Encoding.ASCII.GetString(file, offset + 4, 4);
            Assert.True(size >= 8 && offset + size <= end, $"box '{type}' at {offset} has size {size}, past its parent's end {end}");
            var children = ChildrenStart.TryGetValue(type, out var childrenStart)
                ? ParseRange(file, offset + 8 + childrenStart, offset + size)
                : Array.Empty<Mp4Box>();
            boxes.Add(new Mp4Box(file, type, offset, size, children));
            offset += size;
        }

        return boxes;
    }
}
