using System.Collections.Generic;

namespace Seedance.HelpBuilder;

/// <summary>The prose of one cmdlet's help, as written in docs/help/Verb-Noun.md.</summary>
internal sealed class HelpDocument
{
    public string Name { get; set; } = string.Empty;

    public string Synopsis { get; set; } = string.Empty;

    public List<string> Description { get; } = new();

    public List<HelpExample> Examples { get; } = new();

    public Dictionary<string, List<string>> Parameters { get; } = new(System.StringComparer.OrdinalIgnoreCase);

    public List<(string Type, List<string> Text)> Inputs { get; } = new();

    public List<(string Type, List<string> Text)> Outputs { get; } = new();

    public List<string> Notes { get; } = new();

    public List<string> RelatedLinks { get; } = new();
}

internal sealed class HelpExample
{
    public string Title { get; set; } = string.Empty;

    public string Code { get; set; } = string.Empty;

    public List<string> Remarks { get; } = new();
}
