using System;
using System.Buffers.Binary;

namespace Seedance.Emulator;

/// <summary>
/// UUIDv7-style ids (millisecond timestamp, then random bits) whose random part comes from the emulator's seed, so a
/// seeded emulator hands out the same sequence of random parts every time while ids still sort by creation time.
/// </summary>
internal sealed class IdFactory
{
    private readonly Random random;
    private readonly TimeProvider clock;
    private readonly object gate = new();

    public IdFactory(int seed, TimeProvider clock)
    {
        this.clock = clock;
        // A stream of its own: drawing ids must not shift which requests the fault injector picks.
        random = new Random(unchecked((seed * 397) ^ 0x5eed));
    }

    public string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        lock (gate)
        {
            random.NextBytes(bytes);
        }

        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, clock.GetUtcNow().ToUnixTimeMilliseconds());
        time[2..].CopyTo(bytes);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
