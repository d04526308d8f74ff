using System;
using System.Linq;
using System.Text;

namespace Seedance.Emulator;

/// <summary>The options on the command line: reading the arguments, and the <c>--help</c> text.</summary>
internal static class OptionCommandLine
{
    public static EmulatorOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new EmulatorOptions();
        for (var index = 0; index < args.Length; index++)
        {
            var argument = args[index];
            var equals = argument.StartsWith("--", StringComparison.Ordinal) ? argument.IndexOf('=') : -1;
            var name = equals > 0 ? argument[..equals] : argument;
            var definition = OptionTable.All.FirstOrDefault(candidate => candidate.Flag == name)
                ?? throw new ArgumentException($"Unknown option '{name}'. Run with --help for the list.");
            string value;
            if (equals > 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (definition.IsSwitch)
            {
                value = "true";
            }
            else if (index + 1 < args.Length)
            {
                value = args[++index];
            }
            else
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            definition.Apply(options, value);
        }

        return options;
    }

    public static string Help()
    {
        var defaults = new EmulatorOptions();
        var text = new StringBuilder("Seedance.Emulator: a local Runflow API for Seedance 2.0 (runs, presigned files, callbacks, faults).\n\n")
            .Append("Usage: Seedance.Emulator [--option value | --option=value | --switch]...\n")
            .Append("Prints one JSON line {api_url, file_url, api_key, callback_secret}, then serves until Ctrl+C or SIGTERM.\n\nOptions:\n");
        var width = OptionTable.All.Max(definition => definition.Flag.Length) + 2;
        foreach (var definition in OptionTable.All)
        {
            text.Append("  ").Append(definition.Flag.PadRight(width)).Append(definition.Description);
            text.Append(definition.IsSwitch ? " (a switch; default off)" : " (default " + Shown(definition.Current(defaults)) + ")");
            text.Append('\n');
        }

        text.Append("  ").Append("--help".PadRight(width)).Append("this text\n");
        text.Append("\nA bad option or value prints a message on stderr and exits with code 2.\n");
        return text.ToString();
    }

    private static string Shown(string value) => value.Length == 0 ? "empty" : value;
}
