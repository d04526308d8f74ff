using System.Collections.Generic;

namespace Seedance.HelpBuilder;

/// <summary>What the compiled assembly says about one cmdlet: the facts help must not get wrong.</summary>
internal sealed record CmdletMetadata(
    string Verb,
    string Noun,
    string? DefaultParameterSet,
    bool SupportsShouldProcess,
    IReadOnlyList<ParameterMetadata> Parameters,
    IReadOnlyList<string> OutputTypes)
{
    public string Name => Verb + "-" + Noun;
}
