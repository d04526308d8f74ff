using System.Management.Automation;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>Get-SeedanceContext: shows the session cmdlets will use, with the API key masked.</summary>
[Cmdlet(VerbsCommon.Get, "SeedanceContext")]
[OutputType(typeof(SeedanceSession))]
public sealed class GetSeedanceContextCommand : SeedanceCmdlet
{
    protected override void EndProcessing()
    {
        var current = SessionRegistry.Current();
        if (current is not null && !current.IsDisposed)
        {
            WriteObject(current);
            return;
        }

        // Without Connect-Seedance the environment variables define the session; show it without creating errors for
        // a user who has simply not configured anything yet.
        if (Engine.RunflowClientOptions.FromEnvironment().ApiKey is null)
        {
            WriteVerbose("No Seedance session: run Connect-Seedance or set $env:RUNFLOW_API_KEY.");
            return;
        }

        WriteObject(ResolveSession());
    }
}
