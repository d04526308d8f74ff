using System;

namespace Seedance.HelpBuilder;

/// <summary>A help page that cannot be read: an unknown section, an unclosed code block, a misplaced heading.</summary>
internal sealed class HelpFormatException : Exception
{
    public HelpFormatException(string file, int line, string message)
        : base(message)
    {
        File = file;
        Line = line;
    }

    public string File { get; }

    public int Line { get; }

    public HelpProblem ToProblem() => new(File, Line, Message);
}
