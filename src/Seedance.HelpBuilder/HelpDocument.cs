using System;
using System.Collections.Generic;

namespace Seedance.HelpBuilder;

/// <summary>The prose of one cmdlet's help, as written in docs/help/Verb-Noun.md.</summary>
internal sealed class HelpDocument
{
    public string Name { get; set; } = string.Empty;

    public string Synopsis { get; set; } = string.Empty;

    public List<string> Description { get; } = new();

    public List<HelpExample> Examples { get; } = new();

    public Dictionary<string, HelpParameter> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The parameters in the order the page describes them, which is the order the PARAMETERS list keeps.</summary>
    public List<string> ParameterOrder { get; } = new();

    public List<HelpTypeEntry> Inputs { get; } = new();

    public List<HelpTypeEntry> Outputs { get; } = new();

    public List<string> Notes { get; } = new();

    public List<HelpLink> RelatedLinks { get; } = new();

    /// <summary>The level-two headings found, upper-cased, so a page missing a required one can be reported.</summary>
    public HashSet<string> Sections { get; } = new(StringComparer.Ordinal);
}
