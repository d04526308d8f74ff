namespace Seedance.HelpBuilder.Fixture;

/// <summary>The declared output type of Get-FixtureItem.</summary>
public sealed class FixtureItem
{
    public string Name { get; set; } = string.Empty;
}
