using System.Management.Automation;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>Disconnect-Seedance: forgets this runspace's session (or closes the one given with -Session) and releases its
/// HTTP connections.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Seedance")]
[OutputType(typeof(void))]
public sealed class DisconnectSeedanceCommand : PSCmdlet
{
    /// <summary>A session to close, from Connect-Seedance -PassThru, instead of this runspace's.</summary>
    [Parameter(ValueFromPipeline = true)]
    public SeedanceSession? Session { get; set; }

    protected override void ProcessRecord()
    {
        if (Session is null)
        {
            return;
        }

        SessionRegistry.Close(Session);
        WriteVerbose($"Closed the session to {Session.BaseUri}.");
    }

    protected override void EndProcessing()
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Session)) || MyInvocation.ExpectingInput)
        {
            return;
        }

        var removed = SessionRegistry.RemoveForCurrentRunspace();
        WriteVerbose(removed is null
            ? "No Seedance session was connected in this runspace."
            : $"Disconnected from {removed.BaseUri}.");
    }
}
