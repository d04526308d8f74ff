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

internal sealed record ParameterMetadata(
    string Name,
    string TypeName,
    bool IsSwitch,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ParameterSetMembership> Sets,
    IReadOnlyList<string> AllowedValues);

internal sealed record ParameterSetMembership(string SetName, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName)
{
    public const string AllSets = "__AllParameterSets";
}
