using System.Management.Automation;

namespace Seedance.HelpBuilder.Fixture;

/// <summary>Abstract, so it is no command of its own and gets no help, despite its [Cmdlet].</summary>
[Cmdlet(VerbsCommon.Remove, "FixtureItem")]
public abstract class AbstractFixtureCommand : FixtureCmdletBase
{
}
