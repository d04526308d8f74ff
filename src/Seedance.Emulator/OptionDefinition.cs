using System;

namespace Seedance.Emulator;

/// <summary>
/// One emulator setting, described once so that the command line, <c>--help</c> and <c>POST /_emulator/options</c>
/// cannot drift apart: its kebab-case flag, its snake_case JSON name, how it reads a value and whether it may change
/// while the emulator runs.
/// </summary>
internal sealed class OptionDefinition
{
    public OptionDefinition(string flag, OptionKind kind, string description, Func<EmulatorOptions, string> current, Action<EmulatorOptions, string> apply,
        bool isLive = true)
    {
        Flag = flag;
        Kind = kind;
        Description = description;
        Current = current;
        Apply = apply;
        IsLive = isLive;
    }

    /// <summary>The command-line name, e.g. <c>--queued-ms</c>.</summary>
    public string Flag { get; }

    /// <summary>The JSON name on <c>/_emulator/options</c>, e.g. <c>queued_ms</c>.</summary>
    public string JsonName => Flag.TrimStart('-').Replace('-', '_');

    public string Description { get; }

    /// <summary>The setting's value as text, for <c>--help</c> defaults.</summary>
    public Func<EmulatorOptions, string> Current { get; }

    /// <summary>Reads a value from text into the options; throws <see cref="ArgumentException"/> naming the flag when the value is bad.</summary>
    public Action<EmulatorOptions, string> Apply { get; }

    public OptionKind Kind { get; }

    /// <summary>A flag that takes no value on the command line (its JSON form is true/false).</summary>
    public bool IsSwitch => Kind == OptionKind.Switch;

    /// <summary>Whether the setting may change while the emulator runs; addresses, the key and the seed may not.</summary>
    public bool IsLive { get; }
}
