using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Seedance.Emulator;

/// <summary>
/// Writes ISO-BMFF boxes big-endian into memory. A box is opened with <see cref="Box"/> or <see cref="FullBox"/> and
/// its size is filled in when the returned scope is disposed, so nesting in code mirrors nesting in the file.
/// </summary>
internal sealed class BoxBuilder
{
    private readonly MemoryStream stream = new();

    public long Length => stream.Length;

    public BoxScope Box(string type)
    {
        var start = stream.Position;
        UInt32(0);
        FourCc(type);
        return new BoxScope(this, start);
    }

    public BoxScope FullBox(string type, byte version = 0, uint flags = 0)
    {
        var scope = Box(type);
        UInt32(((uint)version << 24) | (flags & 0xFFFFFF));
        return scope;
    }

    public void UInt8(int value) => stream.WriteByte((byte)value);

    public void UInt16(int value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        stream.Write(bytes);
    }

    public void UInt24(int value)
    {
        UInt8(value >> 16);
        UInt16(value & 0xFFFF);
    }

    public void UInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }

    public void FourCc(string type)
    {
        if (type.Length != 4)
        {
            throw new ArgumentException($"A box type has four characters, not '{type}'.", nameof(type));
        }

        stream.Write(Encoding.ASCII.GetBytes(type));
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => stream.Write(bytes);

    public void Zeros(int count)
    {
        for (var index = 0; index < count; index++)
        {
            stream.WriteByte(0);
        }
    }

    /// <summary>The identity matrix of mvhd and tkhd: 16.16 fixed point, with 2.30 for the last column.</summary>
    public void UnityMatrix()
    {
        foreach (var value in new uint[] { 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000 })
        {
            UInt32(value);
        }
    }

    public byte[] ToArray() => stream.ToArray();

    /// <summary>Writes the size of the box that starts at <paramref name="start"/> and ends here.</summary>
    internal void Close(long start)
    {
        var end = stream.Position;
        stream.Position = start;
        UInt32(checked((uint)(end - start)));
        stream.Position = end;
    }
}
