using System.Management.Automation;

namespace Seedance.HelpBuilder.Fixture;

/// <summary>A base class whose parameter every derived cmdlet inherits, as Seedance cmdlets inherit -Session.</summary>
public abstract class FixtureCmdletBase : PSCmdlet
{
    /// <summary>Inherited by every fixture cmdlet.</summary>
    [Parameter]
    public string? Account { get; set; }
}
