using System.Linq;
using Seedance.Tests.Cmdlets;
using Xunit;

namespace Seedance.Shell.Tests;

/// <summary>What a user reads at the console: the default table views and the help, rendered by the shell's own
/// formatter (Out-String), which the bare engine in Seedance.Tests does not have.</summary>
[Collection("Module")]
public sealed class ConsoleViewTests : ConnectedModule
{
    protected override bool FullShell => true;

    [Fact]
    public void Runs_videos_and_models_render_as_their_tables_with_every_column_filled()
    {
        var result = Run("""
            $run = New-SeedanceRun -Prompt 'A lighthouse in a storm' -Duration 5 -Resolution 480p -ClientRef 'view-1' | Wait-SeedanceRun
            $video = $run | Save-SeedanceVideo -Directory $dir
            ($run | Out-String -Width 200), ($video | Out-String -Width 200), (Get-SeedanceModel | Out-String -Width 200)
            """);

        result.AssertNoErrors();
        var (run, video, models) = (result.Output[0].ToString(), result.Output[1].ToString(), result.Output[2].ToString());
        AssertHeader(run, "Id", "Status", "Duration", "Resolution", "Cost", "Prompt");
        Assert.Contains("Succeeded", run);
        Assert.Contains("A lighthouse in a storm", run);
        Assert.Contains("480p", run);
        AssertHeader(video, "RunId", "Status", "SizeMB", "Path");
        Assert.Contains("Saved", video);
        Assert.Contains(".mp4", video);
        AssertHeader(models, "Slug", "Name", "StatusCode", "MaxResolution");
        Assert.Contains("bytedance/seedance/2.0/text-to-video", models);
    }

    [Fact]
    public void Help_renders_with_examples_and_the_about_topic_is_found()
    {
        var result = Run("""
            (Get-Help New-SeedanceRun -Examples | Out-String -Width 200)
            (Get-Help Save-SeedanceVideo -Parameter FileName | Out-String -Width 200)
            (Get-Help about_Seedance | Out-String -Width 200)
            """);

        result.AssertNoErrors();
        var (examples, parameter, about) = (result.Output[0].ToString(), result.Output[1].ToString(), result.Output[2].ToString());
        Assert.Contains("Example 1", examples, System.StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Import-Csv", examples);
        Assert.Contains("-FileName", parameter);
        Assert.Contains("{ClientRef}", parameter);
        Assert.Contains("about_Seedance", about);
        Assert.Contains("RUNFLOW_API_KEY", about);
    }

    private static void AssertHeader(string table, params string[] columns)
    {
        var header = table.Split('\n').Select(line => line.Trim()).First(line => line.Length > 0);
        var names = header.Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(columns, names.Take(columns.Length));
    }
}
