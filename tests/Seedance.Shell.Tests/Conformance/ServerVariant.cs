using System;
using Seedance.Emulator;

namespace Seedance.Shell.Tests.Conformance;

/// <summary>A server that follows the documented API and differs where the docs are silent, as the emulator plays it.</summary>
public sealed class ServerVariant
{
    public ServerVariant(string name, Action<EmulatorOptions> configure, bool batch = false, string connectArguments = "", bool realTime = false)
    {
        Name = name;
        Configure = configure;
        Batch = batch;
        ConnectArguments = connectArguments;
        TimeFactor = realTime ? 1 : 20;
    }

    public string Name { get; }

    public Action<EmulatorOptions> Configure { get; }

    /// <summary>Whether the pipeline uses New-SeedanceRun -Batch.</summary>
    public bool Batch { get; }

    public string ConnectArguments { get; }

    /// <summary>How many times faster than real time the emulator and the session run. Real time (1) where the variant
    /// needs an answer that comes after the client's request timeout: that timeout runs on real time, so compressing
    /// the emulator's hold would bring the answer before it.</summary>
    public double TimeFactor { get; }

    public override string ToString() => Name;
}
