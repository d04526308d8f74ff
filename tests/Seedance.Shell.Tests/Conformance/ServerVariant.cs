using System;
using Seedance.Emulator;

namespace Seedance.Shell.Tests.Conformance;

/// <summary>A server that follows the documented API and differs where the docs are silent, as the emulator plays it.</summary>
public sealed class ServerVariant
{
    public ServerVariant(string name, Action<EmulatorOptions> configure, bool batch = false, string connectArguments = "")
    {
        Name = name;
        Configure = configure;
        Batch = batch;
        ConnectArguments = connectArguments;
    }

    public string Name { get; }

    public Action<EmulatorOptions> Configure { get; }

    /// <summary>Whether the pipeline uses New-SeedanceRun -Batch.</summary>
    public bool Batch { get; }

    public string ConnectArguments { get; }

    public override string ToString() => Name;
}
