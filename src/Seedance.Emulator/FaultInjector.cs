using System;

namespace Seedance.Emulator;

/// <summary>Seeded random choices, so a run of the emulator with the same seed and traffic injects the same faults.</summary>
internal sealed class FaultInjector
{
    private readonly Random random;
    private readonly object gate = new();

    public FaultInjector(int seed)
    {
        random = new Random(seed);
    }

    public bool Roll(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        lock (gate)
        {
            return random.NextDouble() < rate;
        }
    }

    public int Pick(params int[] choices)
    {
        lock (gate)
        {
            return choices[random.Next(choices.Length)];
        }
    }
}
