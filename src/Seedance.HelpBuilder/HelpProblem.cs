namespace Seedance.HelpBuilder;

/// <summary>A reason the help cannot be built, printed in the form MSBuild reports as an error of that file.</summary>
internal sealed record HelpProblem(string File, int? Line, string Message)
{
    public const string Code = "HELP001";

    public HelpProblem(string file, string message)
        : this(file, null, message)
    {
    }

    public override string ToString() => $"{File}{(Line is { } line ? $"({line})" : string.Empty)}: error {Code}: {Message}";
}
