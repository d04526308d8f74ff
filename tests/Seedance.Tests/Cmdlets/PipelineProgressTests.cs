using System.Linq;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>The one progress bar of a pipeline: what it says, and that every pipeline's board is released.</summary>
[Collection("Module")]
public sealed class PipelineProgressTests : ConnectedModule
{
    private const string BoardType = "[Seedance.SeedanceRun].Assembly.GetType('Seedance.Infrastructure.PipelineProgress')";

    [Fact]
    public void The_bar_shows_every_stage_figures_in_one_line()
    {
        var result = Run(BoardType + """
             | ForEach-Object {
                $board = [System.Activator]::CreateInstance($_, [System.Reflection.BindingFlags]'NonPublic,Instance', $null, @('test'), $null)
                $board.GetType().GetMethod('Describe', [System.Reflection.BindingFlags]'NonPublic,Instance').Invoke($board, @())
                $board.Submitted = 12; $board.Submitting = 3; $board.SubmitFailures = 1
                $statuses = [System.Collections.Generic.Dictionary[Seedance.Engine.RunStatus,int]]::new()
                $statuses[[Seedance.Engine.RunStatus]::Running] = 4; $statuses[[Seedance.Engine.RunStatus]::Succeeded] = 8
                $board.Statuses = $statuses
                $board.Saved = 7; $board.Skipped = 1; $board.Downloading = 2; $board.BytesWritten = 15MB
                $board.GetType().GetMethod('Describe', [System.Reflection.BindingFlags]'NonPublic,Instance').Invoke($board, @())
            }
            """);

        result.AssertNoErrors();
        Assert.Equal("Starting", result.Output[0].ToString());
        Assert.Equal("submitted 12 (+3 sending), 1 refused | running 4, succeeded 8 | saved 7, skipped 1, downloading 2 (15.0 MB)", result.Output[1].ToString());
    }

    [Fact]
    public void Every_pipeline_releases_its_board_whether_it_ends_or_fails()
    {
        Run("'a', 'b' | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir").AssertNoErrors();
        Run("'c' | New-SeedanceRun -Duration 99 | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir");

        var boards = Run(BoardType + ".GetField('Boards', [System.Reflection.BindingFlags]'NonPublic,Static').GetValue($null).Count");

        Assert.Equal(0, (int)boards.Output.Single().BaseObject);
    }
}
