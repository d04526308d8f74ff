namespace Seedance.HelpBuilder;

/// <summary>What one [Parameter] attribute says: the set it belongs to and how it binds there.</summary>
internal sealed record ParameterSetMembership(string SetName, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName)
{
    /// <summary>The name PowerShell gives the set of a [Parameter] without ParameterSetName.</summary>
    public const string AllSets = "__AllParameterSets";
}
