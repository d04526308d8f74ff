using System;
using System.IO;
using System.Linq;
using Seedance.Emulator;
using Seedance.Tests.Cmdlets;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Hardening;

/// <summary>Ctrl+C at random moments of a 50-row pipeline, then the same pipeline again: never a partial file under a
/// final name, never a second run for a row, and every video there at the end.</summary>
[Collection("Module")]
public sealed class InterruptAndResumeTests : ConnectedModule
{
    private const int Rows = 50;
    private readonly ITestOutputHelper output;

    public InterruptAndResumeTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    protected override void Configure(EmulatorOptions options)
    {
        options.QueuedMs = 100;
        options.DispatchingMs = 50;
        options.RunningMs = 300;
        options.Concurrency = 10;
        options.VideoBytes = 3 * 1024 * 1024;
        options.FaultSlowRate = 0.2;
        options.FaultSlowMs = 300;
    }

    // The stops come after real milliseconds, so the pipeline they interrupt runs on real time too.
    protected override double TimeFactor => 1;

    // This emulator commits a create within 300 ms of receiving it.
    protected override string ConnectArguments => "-CommitWindowSec 1";

    [Fact]
    public void Interrupted_pipelines_resume_to_exactly_one_run_and_one_complete_video_per_row()
    {
        const string pipeline = """
            1..50 | ForEach-Object { [pscustomobject]@{ client_ref = "resume-$_"; prompt = "Resumable scene $_"; duration = '4' } } |
                New-SeedanceRun -SkipExisting -ThrottleLimit 4 | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}'
            """;
        var random = new Random(50);
        var stops = new[] { 400, 700, 1000, 1300, 1600 }.Select(ms => ms + random.Next(0, 300)).ToList();
        foreach (var stopAfter in stops)
        {
            var (_, stopTook) = Shell.RunAndStop(pipeline, _ => false, TimeSpan.FromMilliseconds(stopAfter),
                new System.Collections.Generic.Dictionary<string, object?> { ["dir"] = Directory });
            Assert.True(stopTook < TimeSpan.FromSeconds(10), "stopping hung for " + stopTook);
            AssertOnlyCompleteVideos();
            output.WriteLine($"stopped after {stopAfter} ms (took {stopTook.TotalMilliseconds:0} ms): {Emulator.GetStats().RunsCreated} runs, " +
                             $"{(System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFiles(Directory, "*.mp4").Length : 0)} videos");
        }

        var final = Run(pipeline);

        final.AssertNoErrors();
        var stats = Emulator.GetStats();
        Assert.Equal(Rows, stats.RunsCreated);
        Assert.Empty(stats.DuplicateClientRefs);
        Assert.Equal(Rows, SavedFolder.Files(Directory).Length);
        AssertOnlyCompleteVideos();
        output.WriteLine($"after the final run: {stats.RunsCreated} runs for {Rows} rows, {final.Output.Count(video => video.Property("Status")!.ToString() == "Skipped")} videos skipped as complete");
    }

    private void AssertOnlyCompleteVideos()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        foreach (var file in SavedFolder.Files(Directory))
        {
            Assert.EndsWith(".mp4", file);
            var clientRef = Path.GetFileNameWithoutExtension(file);
            var runId = Assert.Single(Emulator.RunIdsForClientRef(clientRef));
            Assert.Equal(Emulator.GetVideoBytes(runId).Length, new FileInfo(file).Length);
        }
    }
}
