using System.Collections.Generic;
using System.Management.Automation;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>
/// Measure-SeedanceCost: estimates what a pipeline of New-SeedanceRun inputs would cost, without sending anything.
/// Takes exactly the same input as New-SeedanceRun.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "SeedanceCost")]
[OutputType(typeof(SeedanceCostReport))]
public sealed class MeasureSeedanceCostCommand : RunInputCmdlet
{
    private readonly List<SeedanceCostItem> items = new();
    private int invalid;

    protected override void ProcessRecord()
    {
        var draft = ReadDraft();
        if (draft is null)
        {
            invalid++;
            return;
        }

        items.Add(new SeedanceCostItem(draft.Index, draft.Model, draft.Prompt,
            draft.Input.TryGetValue("resolution", out var resolution) ? resolution as string : null,
            draft.Input.TryGetValue("duration", out var duration) ? duration as string : null,
            draft.Estimate, draft.InputObject));
    }

    protected override void EndProcessing()
    {
        var report = new SeedanceCostReport(items, invalid);
        if (report.AutoDurationCount > 0)
        {
            WriteWarning($"{report.AutoDurationCount} input(s) have duration auto and are counted at 15 s, the maximum; the actual cost can be lower.");
        }

        WriteObject(report);
    }
}
