using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Emulator;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>The one progress bar of a pipeline: what it says, that it is one bar in the console whichever stage draws
/// it, and that every pipeline's board is released.</summary>
[Collection("Module")]
public sealed class PipelineProgressTests : ConnectedModule
{
    private const string BoardType = "[Seedance.SeedanceRun].Assembly.GetType('Seedance.Infrastructure.PipelineProgress')";

    /// <summary>The test runner redirects this process's output, which the module takes for "nobody watches": the
    /// scripts that start with this say otherwise until their finally block.</summary>
    private const string WatchedConsole = """
        $watched = [Seedance.SeedanceRun].Assembly.GetType('Seedance.Infrastructure.InteractiveConsole').GetProperty('Assumed', [System.Reflection.BindingFlags]'NonPublic,Static')
        $watched.SetValue($null, $true)

        """;

    protected override bool ConsoleWindow => true;

    // The bar is redrawn at most four times a second of real time: the runs must last that long in real time too.
    protected override double TimeFactor => 1;

    // Runs long enough for the bar to be redrawn (at most four times a second) while they are followed.
    protected override void Configure(EmulatorOptions options) => options.RunningMs = 800;

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
    public void Every_stage_draws_one_bar_under_one_source_and_the_last_stage_clears_it()
    {
        Shell.Host.Clear();
        var result = Run(WatchedConsole + """
            try { 'a', 'b', 'c' | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir }
            finally { $watched.SetValue($null, $null) }
            """);

        result.AssertNoErrors();
        var records = Shell.Host.Progress.ToList();
        Assert.True(records.Count >= 3, "Expected the bar drawn while the runs were followed, then cleared; got " + records.Count + " records.");
        Assert.Single(records.Select(written => written.SourceId).Distinct());
        Assert.Single(records.Select(written => written.Record.ActivityId).Distinct());
        Assert.Contains(records, written => written.Record.StatusDescription.Contains("succeeded"));
        Assert.Single(records, written => written.Record.RecordType == ProgressRecordType.Completed);
        Assert.Equal(ProgressRecordType.Completed, records[^1].Record.RecordType);
        // The three saves end within moments of each other, closer than the bar's quarter second: the last figures
        // drawn must still be the final ones, not those of the save before.
        Assert.Contains("saved 3", records[^2].Record.StatusDescription);
    }

    [Fact]
    public void What_a_burst_of_changes_left_undrawn_is_drawn_while_nothing_else_changes()
    {
        // The three creates come within moments of each other, closer than the bar's quarter second, and then nothing
        // changes for a second and a half while the runs wait in the queue: the bar must not say "submitted 1" all along.
        Emulator.Options.QueuedMs = 1500;
        Shell.Host.Clear();
        var result = Run(WatchedConsole + """
            try { 'a', 'b', 'c' | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Out-Null }
            finally { $watched.SetValue($null, $null) }
            """);

        result.AssertNoErrors();
        var shown = Shell.Host.Progress.Select(written => written.Record.StatusDescription).ToList();
        Assert.True(shown.Contains("submitted 3"), "The bar showed: " + string.Join(" / ", shown));
    }

    [Fact]
    public async Task The_bar_counts_the_bytes_of_a_download_while_it_runs()
    {
        const int size = 8 << 20;
        const int chunk = 64 << 10;
        Shell.Host.Clear();
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)host.LocalEndpoint).Port}/outputs/v.mp4";
        // The file host trickles the body until the bar has shown bytes of it, then sends the rest at once.
        var served = Task.Run(async () =>
        {
            using var client = await host.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
            {
            }

            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head);
            var body = new byte[size];
            var sent = 0;
            double? shownWhileUnsent = null;
            while (shownWhileUnsent is null && sent < size / 2)
            {
                await stream.WriteAsync(body.AsMemory(sent, chunk));
                sent += chunk;
                await Task.Delay(50);
                shownWhileUnsent = DownloadingMegabytes().Where(megabytes => megabytes > 0).Cast<double?>().FirstOrDefault();
            }

            await stream.WriteAsync(body.AsMemory(sent));
            return shownWhileUnsent;
        });
        var run = $"{{\"id\":\"{Guid.NewGuid()}\",\"status_code\":\"succeeded\",\"output\":{{\"outputs\":[{{\"url\":\"{url}\",\"type\":\"video\"}}]}}}}";

        var result = Run(WatchedConsole + """
            try { [Seedance.Engine.Run]::Parse($run) | Save-SeedanceVideo -Directory $dir }
            finally { $watched.SetValue($null, $null) }
            """, new Dictionary<string, object?> { ["run"] = run });

        result.AssertNoErrors();
        Assert.Equal(size, Assert.Single(result.Output).Property<long>("Bytes"));
        var shown = await served;
        Assert.True(shown is > 0 and <= size / 2 / 1048576.0, $"Expected the bar to show some of the {size:N0} bytes while the download ran; it showed {shown}.");
    }

    /// <summary>The megabytes each progress record so far gave while a download was running.</summary>
    private IEnumerable<double> DownloadingMegabytes() =>
        Shell.Host.Progress
            .Select(written => Regex.Match(written.Record.StatusDescription ?? string.Empty, @"downloading \d+ \((\d+\.\d) MB\)"))
            .Where(match => match.Success)
            .Select(match => double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    [Fact]
    public void Each_pipeline_has_its_own_bar()
    {
        Shell.Host.Clear();
        var result = Run(WatchedConsole + """
            try {
                'd' | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir
                'e' | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir
            }
            finally { $watched.SetValue($null, $null) }
            """);

        result.AssertNoErrors();
        var sources = Shell.Host.Progress.Select(written => written.SourceId).Distinct().ToList();
        Assert.Equal(2, sources.Count);
        Assert.All(sources, source => Assert.Single(Shell.Host.Progress, written =>
            written.SourceId == source && written.Record.RecordType == ProgressRecordType.Completed));
    }

    [Fact]
    public void An_output_nobody_watches_gets_no_bar()
    {
        Shell.Host.Clear();
        Run("'f' | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir").AssertNoErrors();

        Assert.Empty(Shell.Host.Progress);
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
