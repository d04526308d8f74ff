using System.Collections.Generic;
using System.IO;
using System.Linq;
using Seedance.Tests.Cmdlets;
using Xunit;

namespace Seedance.Shell.Tests;

/// <summary>The README's own pipeline, word for word, on the sample CSV that ships in docs/samples.</summary>
[Collection("Module")]
public sealed class CsvPipelineTests : ConnectedModule
{
    private static readonly string SampleCsv = Path.Combine(ModuleRunspace.RepositoryRoot, "docs", "samples", "prompts.csv");

    protected override bool FullShell => true;

    [Fact]
    public void Import_Csv_into_the_pipeline_saves_one_video_per_row_and_a_rerun_pays_for_nothing()
    {
        var variables = new Dictionary<string, object?> { ["csv"] = SampleCsv, ["videos"] = Path.Combine(Directory, "videos") };
        var rows = File.ReadAllLines(SampleCsv).Length - 1;

        var first = Run("""
            Import-Csv $csv | New-SeedanceRun -ThrottleLimit 8 -ClientRef { $_.client_ref } | Wait-SeedanceRun |
                Save-SeedanceVideo -Directory $videos
            """, variables);

        Assert.Empty(first.Errors);
        Assert.Null(first.TerminatingError);
        Assert.Equal(rows, first.Output.Count);
        Assert.Equal(rows, Emulator.GetStats().RunsCreated);
        Assert.Equal(rows, System.IO.Directory.GetFiles(Path.Combine(Directory, "videos"), "*.mp4").Length);
        // Every result joins back to its CSV row by ClientRef and InputIndex.
        var csvRefs = Run("Import-Csv $csv | ForEach-Object client_ref", variables).Output.Select(item => item.ToString()).ToList();
        Assert.Equal(csvRefs.OrderBy(value => value), first.Output.Select(video => video.Property<string>("ClientRef")).OrderBy(value => value));
        Assert.All(first.Output, video => Assert.Equal(csvRefs[video.Property<int>("InputIndex")], video.Property<string>("ClientRef")));

        var again = Run("""
            Import-Csv $csv | New-SeedanceRun -ThrottleLimit 8 -ClientRef { $_.client_ref } -SkipExisting | Wait-SeedanceRun |
                Save-SeedanceVideo -Directory $videos | Export-Csv (Join-Path $videos 'results.csv') -NoTypeInformation
            Import-Csv (Join-Path $videos 'results.csv')
            """, variables);

        Assert.Empty(again.Errors);
        Assert.Equal(rows, Emulator.GetStats().RunsCreated);
        Assert.Equal(rows, again.Output.Count);
        Assert.All(again.Output, row => Assert.Equal("Skipped", row.Property<string>("Status")));
        Assert.Equal(csvRefs.OrderBy(value => value), again.Output.Select(row => row.Property<string>("ClientRef")).OrderBy(value => value));
    }
}
