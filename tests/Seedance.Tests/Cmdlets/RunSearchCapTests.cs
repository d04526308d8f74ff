using System.Linq;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>Get-SeedanceRun never silently returns part of what matches: -First warns when it cut the list, -All pages
/// through everything.</summary>
[Collection("Module")]
public sealed class RunSearchCapTests : ConnectedModule
{
    [Fact]
    public void Sixty_unfinished_runs_come_back_whole_with_all_and_with_a_warning_without()
    {
        Emulator.Options.QueuedMs = 600_000;
        Run("1..60 | ForEach-Object { [pscustomobject]@{ prompt = \"left running $_\"; client_ref = \"cap-$_\" } } | New-SeedanceRun -Batch | Out-Null")
            .AssertNoErrors();

        var byDefault = Run("Get-SeedanceRun -Status queued, dispatching, running");
        var all = Run("Get-SeedanceRun -Status queued, dispatching, running -All");
        var exactly = Run("Get-SeedanceRun -Status queued, dispatching, running -First 60");
        var both = Run("Get-SeedanceRun -All -First 5");

        Assert.Equal(50, byDefault.Output.Count);
        Assert.Contains("stopped at 50 runs", Assert.Single(byDefault.Warnings));
        Assert.Contains("-All", byDefault.Warnings[0]);
        Assert.Equal(60, all.Output.Select(run => run.Property<string>("Id")).Distinct().Count());
        Assert.Empty(all.Warnings);
        Assert.Equal(60, exactly.Output.Count);
        Assert.Empty(exactly.Warnings);
        var conflict = Assert.Single(both.Errors);
        Assert.Equal("Seedance.AllWithFirst,Seedance.Cmdlets.GetSeedanceRunCommand", conflict.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, conflict.CategoryInfo.Category);
        Assert.Empty(both.Output);
    }
}
