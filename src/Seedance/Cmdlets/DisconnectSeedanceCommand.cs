using System.Management.Automation;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>Disconnect-Seedance: forgets this runspace's session and releases its HTTP connections.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Seedance")]
[OutputType(typeof(void))]
public sealed class DisconnectSeedanceCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var removed = SessionRegistry.RemoveForCurrentRunspace();
        WriteVerbose(removed is null
            ? "No Seedance session was connected in this runspace."
            : $"Disconnected from {removed.BaseUri}.");
    }
}
