using System;
using System.Linq;
using System.Management.Automation;
using Seedance.Engine;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>
/// Stop-SeedanceRun: cancels runs through Runflow's admin cancellation route (an admin key is needed; there is no
/// public cancel). Cancellation does not refund and does not stop the provider's job, so it cannot be undone: it asks
/// first (ConfirmImpact High) unless -Force is given.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "SeedanceRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(SeedanceRun))]
public sealed class StopSeedanceRunCommand : SeedanceApiCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(RecentRunCompleter))]
    [Alias("RunId", "run_id")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>Why the run is canceled (3 to 500 characters), kept by Runflow.</summary>
    [Parameter]
    [ValidateLength(3, 500)]
    public string? Reason { get; set; }

    /// <summary>Cancels without asking; -WhatIf still only previews and an explicit -Confirm still asks.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var id in Id.Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value.Trim()))
        {
            if (!ShouldProcessUnlessForced(Force, id, "Cancel the Seedance run (admin route; no refund)"))
            {
                continue;
            }

            try
            {
                var run = RunWhilePumping(token => Client.CancelRunAsync(id, Reason, token));
                if (run.Status != RunStatus.Canceled)
                {
                    WriteVerbose($"Run {id} had already ended {run.StatusCode}; nothing was canceled.");
                }

                WriteRun(new SeedanceRun(run, ResolveSession()));
            }
            catch (Exception exception) when (exception is RunflowException or ArgumentException)
            {
                WriteFailure(exception, id, $"Canceling run {id}");
            }
        }
    }
}
