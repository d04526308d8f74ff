using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>CSV headers are written by people: "Aspect Ratio", "aspect-ratio", "AspectRatio" and "aspect_ratio" all
/// bind; a near miss ("durration") warns once per pipeline, naming both; other columns are listed under -Verbose.</summary>
[Collection("Module")]
public sealed class CsvColumnTests : ConnectedModule
{
    [Fact]
    public void Columns_bind_whatever_their_case_spaces_dashes_and_underscores()
    {
        var result = Run("""
            @(
                [pscustomobject]@{ prompt = 'one'; 'Aspect Ratio' = '9:16'; 'Client Ref' = 'loose-1'; 'DURATION' = '5' }
                [pscustomobject]@{ prompt = 'two'; 'aspect-ratio' = '1:1'; 'client-ref' = 'loose-2'; 'Generate Audio' = 'no' }
                [pscustomobject]@{ PROMPT = 'three'; AspectRatio = '4:3'; ClientRef = 'loose-3'; 'Re-So-Lu-Tion' = '480p' }
                [pscustomobject]@{ Prompt = 'four'; aspect_ratio = '21:9'; client_ref = 'loose-4' }
                [pscustomobject]@{ prompt = 'five'; client_ref = 'loose-5' }
            ) | New-SeedanceRun
            """);

        result.AssertNoErrors();
        Assert.Empty(result.Warnings);
        var runs = result.Output.ToDictionary(run => run.Property<string>("ClientRef"));
        Assert.Equal(new[] { "loose-1", "loose-2", "loose-3", "loose-4", "loose-5" }, runs.Keys.OrderBy(key => key));
        Assert.Equal("9:16", runs["loose-1"].Property<string>("AspectRatio"));
        Assert.Equal("5", runs["loose-1"].Property<string>("Duration"));
        Assert.Equal("1:1", runs["loose-2"].Property<string>("AspectRatio"));
        Assert.Equal(false, ((IDictionary<string, object?>)runs["loose-2"].Property("Input")!)["generate_audio"]);
        Assert.Equal("4:3", runs["loose-3"].Property<string>("AspectRatio"));
        Assert.Equal("480p", runs["loose-3"].Property<string>("Resolution"));
        Assert.Equal("21:9", runs["loose-4"].Property<string>("AspectRatio"));
        // A loosely bound column is this row's only: the next row without it does not inherit it.
        Assert.Null(runs["loose-5"].Property("AspectRatio"));
        Assert.Null(runs["loose-5"].Property("Resolution"));
    }

    [Fact]
    public void The_command_line_wins_over_a_loosely_named_column()
    {
        var result = Run("[pscustomobject]@{ prompt = 'p'; 'Aspect Ratio' = '9:16'; 'Client Ref' = 'cli-1' } | New-SeedanceRun -AspectRatio 1:1");

        result.AssertNoErrors();
        Assert.Equal("1:1", result.Output.Single().Property<string>("AspectRatio"));
    }

    [Fact]
    public void Near_misses_warn_once_per_pipeline_naming_both_and_other_columns_are_verbose_only()
    {
        const string rows = """
            @(
                [pscustomobject]@{ prompt = 'a'; durration = '5'; aspct_ratio = '9:16'; id = 1; notes = 'x' }
                [pscustomobject]@{ prompt = 'b'; durration = '6'; aspct_ratio = '1:1'; id = 2; notes = 'y' }
                [pscustomobject]@{ promt = 'c typo'; prompt = 'c' }
            )
            """;

        var quiet = Run(rows + " | Measure-SeedanceCost");
        var verbose = Run(rows + " | Measure-SeedanceCost -Verbose");

        quiet.AssertNoErrors();
        Assert.Equal(3, quiet.Warnings.Count(warning => warning.StartsWith("Column ")));
        Assert.Contains(quiet.Warnings, warning => warning.Contains("'durration'") && warning.Contains("-Duration"));
        Assert.Contains(quiet.Warnings, warning => warning.Contains("'aspct_ratio'") && warning.Contains("-AspectRatio"));
        Assert.Contains(quiet.Warnings, warning => warning.Contains("'promt'") && warning.Contains("-Prompt"));
        Assert.DoesNotContain(quiet.Warnings, warning => warning.Contains("'notes'") || warning.Contains("'id'"));
        Assert.DoesNotContain(quiet.Verbose, line => line.Contains("notes"));
        var report = quiet.Output.Single();
        Assert.Equal(3, report.Property<int>("Count"));
        Assert.Equal(3, report.Property<int>("AutoDurationCount"));
        var listed = Assert.Single(verbose.Verbose, line => line.StartsWith("Columns that are not run inputs"));
        Assert.Contains("id, notes", listed);
    }
}
