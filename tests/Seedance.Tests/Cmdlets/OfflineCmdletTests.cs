using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>What the module does without talking to any server: import, manifest, completion, dry runs, estimates,
/// callback checks.</summary>
[Collection("Module")]
public sealed class OfflineCmdletTests : System.IDisposable
{
    /// <summary>Every cmdlet the module exports, in order.</summary>
    internal static readonly string[] ExpectedCmdlets =
    {
        "Connect-Seedance", "ConvertFrom-SeedanceCallback", "Disconnect-Seedance", "Export-SeedanceGallery", "Get-SeedanceBalance",
        "Get-SeedanceContext", "Get-SeedanceLedger", "Get-SeedanceModel", "Get-SeedanceRun", "Measure-SeedanceCost", "New-SeedanceRun",
        "Remove-SeedanceLedgerEntry", "Save-SeedanceVideo", "Stop-SeedanceRun", "Test-SeedanceSignature", "Wait-SeedanceRun",
    };

    private readonly ModuleRunspace shell = new();

    public void Dispose() => shell.Dispose();

    [Fact]
    public void The_manifest_is_valid_and_lists_exactly_the_cmdlets_the_module_has()
    {
        var manifest = shell.Run("Test-ModuleManifest $path", new Dictionary<string, object?> { ["path"] = ModuleRunspace.ModuleManifestPath });
        var commands = shell.Run("Get-Command -Module Seedance | ForEach-Object Name");

        Assert.Empty(manifest.Errors);
        var exported = ((PSModuleInfo)manifest.Output.Single().BaseObject).ExportedCmdlets.Keys.OrderBy(name => name);
        Assert.Equal(ExpectedCmdlets, exported);
        Assert.Equal(ExpectedCmdlets, commands.Output.Select(name => name.ToString()).OrderBy(name => name));
    }

    [Fact]
    public void Model_tab_completion_offers_the_seedance_models()
    {
        var result = shell.Run("$line = 'New-SeedanceRun -Model '; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object ListItemText");
        var fast = shell.Run("$line = 'New-SeedanceRun -Model fast'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object ListItemText");
        var ratios = shell.Run("$line = 'New-SeedanceRun -AspectRatio 16'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText");

        Assert.Contains("bytedance/seedance/2.0/text-to-video", result.Output.Select(item => item.ToString()));
        Assert.Contains("bytedance/seedance/2.0/image-to-video", result.Output.Select(item => item.ToString()));
        Assert.All(fast.Output, item => Assert.Contains("fast", item.ToString()));
        Assert.Equal(new[] { "'16:9'" }, ratios.Output.Select(item => item.ToString()));
    }

    [Fact]
    public void Measure_estimates_csv_rows_and_reports_bad_ones_without_counting_them()
    {
        var result = shell.Run("""
            $rows = @(
                [pscustomobject]@{ prompt = 'a'; duration = '10'; resolution = '720p' }
                [pscustomobject]@{ prompt = 'b'; duration = 'auto' }
                [pscustomobject]@{ prompt = 'c'; duration = '99' }
            )
            $rows | Measure-SeedanceCost
            """);

        var report = result.Output.Single();
        Assert.Equal("Seedance.SeedanceCostReport", report.TypeNames[0]);
        Assert.Equal(2, report.Property<int>("Count"));
        Assert.Equal(3.034m + 4.551m, report.Property<decimal>("TotalCost"));
        Assert.Equal(1, report.Property<int>("AutoDurationCount"));
        Assert.Equal(1, report.Property<int>("InvalidInputs"));
        // Per row: the billed seconds, auto counted at its 15 s maximum, and the row it came from.
        var items = ((System.Collections.IEnumerable)report.Property("Items")!).Cast<object>().Select(PSObject.AsPSObject).ToList();
        Assert.Equal(new[] { 0, 1 }, items.Select(item => item.Property<int>("InputIndex")));
        Assert.Equal(new[] { 10, 15 }, items.Select(item => item.Property<int>("BilledSeconds")));
        Assert.Equal(new[] { false, true }, items.Select(item => item.Property<bool>("DurationWasAuto")));
        Assert.Equal(new[] { 3.034m, 4.551m }, items.Select(item => item.Property<decimal>("EstimatedCost")));
        Assert.Equal("b", items[1].Property<string>("Prompt"));
        Assert.Contains(result.Warnings, warning => warning.Contains("auto") && warning.Contains("15"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("Seedance.InvalidDuration,Seedance.Cmdlets.MeasureSeedanceCostCommand", error.FullyQualifiedErrorId);
        Assert.Equal("99", error.TargetObject);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("Input 2", error.ErrorDetails.Message);
    }

    [Fact]
    public void WhatIf_describes_each_row_with_its_cost_and_needs_no_session()
    {
        var result = shell.Run("""
            $env:RUNFLOW_API_KEY = $null
            [pscustomobject]@{ prompt = 'A lighthouse in a storm'; duration = '10'; aspect_ratio = '16:9'; generate_audio = 'no' } |
                New-SeedanceRun -WhatIf -Fast 6>&1 5>&1 4>&1 3>&1 2>&1 | ForEach-Object { "$_" }
            """);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        var whatIf = Assert.Single(shell.Host.Lines, line => line.StartsWith("What if:", System.StringComparison.Ordinal));
        Assert.Contains("bytedance/seedance/2.0/fast/text-to-video", whatIf);
        Assert.Contains("10 s", whatIf);
        Assert.Contains("$2.42", whatIf);
        Assert.Contains("A lighthouse in a storm", whatIf);
    }
}
