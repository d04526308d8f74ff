using System.Management.Automation;

namespace Seedance.HelpBuilder.Fixture;

/// <summary>A cmdlet with no output type, no pipeline input and only the inherited parameter.</summary>
[Cmdlet(VerbsCommon.Clear, "FixtureItem")]
public sealed class ClearFixtureItemCommand : FixtureCmdletBase
{
    protected override void EndProcessing() => WriteVerbose("Cleared.");
}
