namespace Seedance.HelpBuilder.Fixture;

/// <summary>An enum parameter type: help lists its names as the allowed values.</summary>
public enum FixtureColor
{
    Red,
    Green,
}
