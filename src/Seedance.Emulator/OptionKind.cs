namespace Seedance.Emulator;

/// <summary>How an option's value is written in JSON (<c>/_emulator/options</c>) and on the command line.</summary>
internal enum OptionKind
{
    /// <summary>A string.</summary>
    Text,

    /// <summary>A number.</summary>
    Number,

    /// <summary>true/false in JSON; a bare flag on the command line.</summary>
    Switch,

    /// <summary>An array of numbers in JSON; a comma list on the command line.</summary>
    NumberList,
}
