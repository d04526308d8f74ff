using System;

namespace Seedance.Emulator;

/// <summary>An open box of a <see cref="BoxBuilder"/>; disposing it writes the box's size.</summary>
internal readonly struct BoxScope : IDisposable
{
    private readonly BoxBuilder owner;
    private readonly long start;

    public BoxScope(BoxBuilder owner, long start)
    {
        this.owner = owner;
        this.start = start;
    }

    public void Dispose() => owner.Close(start);
}
