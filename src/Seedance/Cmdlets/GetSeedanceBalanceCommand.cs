using System.Management.Automation;
using Seedance.Engine;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>Get-SeedanceBalance: the organization's remaining Runflow credit, in USD.</summary>
[Cmdlet(VerbsCommon.Get, "SeedanceBalance")]
[OutputType(typeof(Balance))]
public sealed class GetSeedanceBalanceCommand : SeedanceApiCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            WriteObject(RunWhilePumping(token => Client.GetBalanceAsync(token)));
        }
        catch (RunflowException exception)
        {
            ThrowFailure(exception, null, "Reading the balance failed");
        }
    }
}
