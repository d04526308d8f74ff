using System.Collections.Generic;

namespace Seedance.HelpBuilder;

/// <summary>One cmdlet parameter as declared: its type, aliases, parameter-set memberships and validation.</summary>
/// <param name="AllowedValues">From [ValidateSet] or the names of an enum type; shown as {a | b} in the syntax.</param>
/// <param name="Constraints">Sentences derived from [ValidateRange] and [ValidateLength], appended to the description.</param>
internal sealed record ParameterMetadata(
    string Name,
    string TypeName,
    bool IsSwitch,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ParameterSetMembership> Sets,
    IReadOnlyList<string> AllowedValues,
    IReadOnlyList<string> Constraints)
{
    public bool IsArray => TypeName.EndsWith("[]", System.StringComparison.Ordinal);
}
