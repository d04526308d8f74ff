using System.Management.Automation;

namespace Seedance.Infrastructure;

/// <summary>A Seedance cmdlet that talks to the API and so takes <c>-Session</c>.</summary>
public abstract class SeedanceApiCmdlet : SeedanceCmdlet
{
    /// <summary>The session to use instead of the one of this runspace (from <c>Connect-Seedance -PassThru</c>), so one
    /// runbook can drive two accounts.</summary>
    [Parameter]
    public SeedanceSession? Session { get; set; }

    internal override SeedanceSession? ExplicitSession => Session;
}
