using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Seedance.Emulator;
using Seedance.Tests.Time;
using Xunit;

namespace Seedance.Tests.Cmdlets;

[Collection("Module")]
public sealed class WaitAndSaveTests : ConnectedModule
{
    [Fact]
    public void The_csv_pipeline_puts_every_video_on_disk_byte_identical_and_a_rerun_skips_them()
    {
        const string pipeline = """
            @(
                [pscustomobject]@{ client_ref = 'street-musician'; prompt = 'A street musician'; duration = '5' }
                [pscustomobject]@{ client_ref = 'harbor-dawn'; prompt = 'Boats at dawn'; duration = '6' }
                [pscustomobject]@{ client_ref = 'paper-crane'; prompt = 'A paper crane'; duration = '4' }
            ) | New-SeedanceRun -ThrottleLimit 2 | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -IncludeMetadata
            """;

        var first = Run(pipeline);
        var again = Run(pipeline.Replace("New-SeedanceRun -ThrottleLimit 2", "New-SeedanceRun -ThrottleLimit 2 -SkipExisting"));

        first.AssertNoErrors();
        Assert.Equal(3, first.Output.Count);
        foreach (var video in first.Output)
        {
            Assert.Equal("Seedance.SeedanceVideo", video.TypeNames[0]);
            Assert.Equal("Saved", video.Property("Status")!.ToString());
            var path = video.Property<string>("Path");
            Assert.Equal(video.Property<string>("ClientRef") + ".mp4", Path.GetFileName(path));
            Assert.Equal(Emulator.GetVideoBytes(video.Property<string>("RunId")), File.ReadAllBytes(path));
            using var sidecar = System.Text.Json.JsonDocument.Parse(File.ReadAllText(video.Property<string>("MetadataPath")));
            var runId = video.Property<string>("RunId");
            Assert.Equal(runId, sidecar.RootElement.GetProperty("run_id").GetString());
            Assert.Equal(video.Property<string>("ClientRef"), sidecar.RootElement.GetProperty("client_ref").GetString());
            Assert.Equal(video.Property<string>("Prompt"), sidecar.RootElement.GetProperty("prompt").GetString());
            Assert.Equal(video.Property<string>("Prompt"), sidecar.RootElement.GetProperty("input").GetProperty("prompt").GetString());
            Assert.NotEqual(System.Text.Json.JsonValueKind.Null, sidecar.RootElement.GetProperty("seed").ValueKind);
            // The actual cost the API reports, on the video and in the sidecar.
            var cost = video.Property<decimal>("Cost");
            Assert.True(cost > 0m);
            Assert.Equal(cost, decimal.Parse(sidecar.RootElement.GetProperty("cost_usd").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }

        again.AssertNoErrors();
        Assert.All(again.Output, video => Assert.Equal("Skipped", video.Property("Status")!.ToString()));
        Assert.Equal(3, Emulator.GetStats().RunsCreated);
        Assert.Equal(6, SavedFolder.Files(Directory).Length);
        Assert.Equal(0, Emulator.GetStats().AuthorizationHeadersOnFileOrigin);
    }

    [Fact]
    public void The_pipeline_streams_the_first_video_is_on_disk_before_the_last_row_is_read()
    {
        System.IO.Directory.CreateDirectory(Directory);
        // Rows arrive one every 150 ms, as from a slow source; each row gives the later stages a turn on the pipeline
        // thread. A pipeline that submitted everything before waiting or downloading would show no video until the end.
        var result = Run("""
            $videosSeen = [System.Collections.Generic.List[int]]::new()
            1..40 | ForEach-Object {
                if ($_ -gt 1) { [System.Threading.Thread]::Sleep(150) }
                $videosSeen.Add([System.IO.Directory]::GetFiles($dir, '*.mp4').Length)
                [pscustomobject]@{ prompt = "streamed scene $_"; client_ref = "stream-$_" }
            } | New-SeedanceRun | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir | Out-Null
            $videosSeen
            """);

        result.AssertNoErrors();
        var seen = result.Output.Select(count => (int)count.BaseObject).ToList();
        Assert.Equal(40, seen.Count);
        Assert.Equal(0, seen[0]);
        Assert.True(seen[39] >= 1, "no video was on disk before the last row was read: " + string.Join(", ", seen));
        Assert.Equal(40, System.IO.Directory.GetFiles(Directory, "*.mp4").Length);
    }

    [Fact]
    public void Wait_takes_plain_run_ids_and_a_start_and_end_frame_reach_the_run()
    {
        var result = Run("""
            $ids = @(
                New-SeedanceRun -Prompt 'from one frame to another' -Image 'https://frames.example.test/start.png' -EndImage 'https://frames.example.test/end.png'
                New-SeedanceRun -Prompt 'a plain text scene'
            ) | ForEach-Object { $_.Id.ToString() }
            $ids | Wait-SeedanceRun
            """);

        result.AssertNoErrors();
        Assert.Equal(2, result.Output.Count);
        Assert.All(result.Output, run => Assert.Equal("Succeeded", run.Property("Status")!.ToString()));
        var framed = result.Output.Single(run => run.Property<string>("Prompt") == "from one frame to another");
        var input = (System.Collections.IDictionary)framed.Property<Seedance.Engine.Run>("Details").Input;
        Assert.Equal("https://frames.example.test/start.png", input["image_url"]);
        Assert.Equal("https://frames.example.test/end.png", input["end_image_url"]);
    }

    [Fact]
    public void Failed_runs_are_emitted_by_wait_and_refused_by_save_while_the_others_are_saved()
    {
        var result = Run("'fine scene', 'broken scene [fail]', 'another fine scene' | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir");

        Assert.True(result.Output.Count == 2, string.Join("; ", result.Errors.Select(error => error.FullyQualifiedErrorId + " " + error)));
        var refused = Assert.Single(result.Errors);
        Assert.Equal("Seedance.RunNotSucceeded,Seedance.Cmdlets.SaveSeedanceVideoCommand", refused.FullyQualifiedErrorId);
        Assert.Equal("broken scene [fail]", ((PSObject)PSObject.AsPSObject(refused.TargetObject)).Property<string>("Prompt"));
        Assert.Contains("PROVIDER_ERROR", refused.ToString());
        var waited = Run("'x [fail]' | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1");
        Assert.Equal("Failed", Assert.Single(waited.Output).Property("Status")!.ToString());
        Assert.Empty(waited.Errors);
    }

    [Fact]
    public void Runs_not_finished_by_the_timeout_each_get_an_error_record()
    {
        Emulator.Options.QueuedMs = 600_000;
        // A clock that stands still: every poll the session means to make waits on one of its delays until the test
        // moves it on, so what is still scheduled after the cmdlet returns can be seen instead of slept through.
        var clock = new ManualClock();
        Shell.UseClock(clock);
        Run("Connect-Seedance -ApiKey $key -BaseUri $url").AssertNoErrors();
        var result = Run("'slow one', 'slow two' | New-SeedanceRun | Wait-SeedanceRun -Timeout 1 -PollInterval 1");

        Assert.Empty(result.Output);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.Equal("Seedance.WaitTimeout,Seedance.Cmdlets.WaitSeedanceRunCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            Assert.Equal("Seedance.SeedanceRun", PSObject.AsPSObject(error.TargetObject).TypeNames[0]);
        });

        // Once the cmdlet has given up, nothing keeps polling the API for runs nobody waits for.
        long Reads() => Emulator.GetStats().Requests("GET /v1/runs") + Emulator.GetStats().Requests("GET /v1/runs/{id}");
        var afterReturn = Reads();
        Assert.True(clock.WaitUntilNoDelayPending(TimeSpan.FromSeconds(10)), $"{clock.PendingDelays} delay(s) still pending: something still means to poll");
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, clock.PendingDelays);
        Assert.Equal(afterReturn, Reads());
    }

    [Fact]
    public void Ctrl_c_during_a_wait_stops_promptly_and_names_the_runs_that_keep_running()
    {
        Emulator.Options.QueuedMs = 600_000;
        var created = Run("'never ends one', 'never ends two' | New-SeedanceRun");
        var ids = created.Output.Select(run => run.Property<string>("Id")).ToList();

        var (_, stopTook) = Shell.RunAndStop("$runs | Wait-SeedanceRun -PollInterval 1", _ => false, TimeSpan.FromMilliseconds(700),
            new Dictionary<string, object?> { ["runs"] = created.Output.ToArray() });

        Assert.True(stopTook < TimeSpan.FromSeconds(10), "stopping hung for " + stopTook);
        var warning = Assert.Single(Shell.Host.Lines, line => line.StartsWith("WARNING: Stopped.", StringComparison.Ordinal));
        Assert.All(ids, id => Assert.Contains(id, warning));
    }

    [Fact]
    public void Save_takes_ids_waits_for_unfinished_runs_and_honours_path_force_and_templates()
    {
        var created = Run("New-SeedanceRun -Prompt 'The quick brown fox jumps' -ClientRef '../../etc/passwd'");
        var id = Assert.Single(created.Output).Property<string>("Id");

        var byId = Run("$id | Save-SeedanceVideo -Directory $dir -FileName '{Prompt}-{ClientRef}-{Index}'", new Dictionary<string, object?> { ["id"] = id });
        var single = Run("Get-SeedanceRun -Id $id | Save-SeedanceVideo -Path \"$dir/exact.mp4\"", new Dictionary<string, object?> { ["id"] = id });
        var forced = Run("Get-SeedanceRun -Id $id | Save-SeedanceVideo -Path \"$dir/exact.mp4\" -Force", new Dictionary<string, object?> { ["id"] = id });

        Assert.Empty(byId.Errors);
        var saved = Assert.Single(byId.Output).Property<string>("Path");
        Assert.Equal(Path.GetFullPath(Directory), Path.GetDirectoryName(saved));
        Assert.StartsWith("the-quick-brown-fox-jumps-", Path.GetFileName(saved));
        Assert.DoesNotContain("..", Path.GetFileName(saved));
        Assert.Equal("Saved", Assert.Single(single.Output).Property("Status")!.ToString());
        Assert.Equal("Saved", Assert.Single(forced.Output).Property("Status")!.ToString());
        Assert.Equal(Emulator.GetVideoBytes(id), File.ReadAllBytes(Path.Combine(Directory, "exact.mp4")));
    }

    [Fact]
    public void An_unknown_file_name_placeholder_is_refused_before_anything_is_downloaded()
    {
        var result = Run("'x' | New-SeedanceRun | Save-SeedanceVideo -Directory $dir -FileName '{Date}'");

        Assert.Empty(result.Output);
        Assert.Equal("Seedance.InvalidDestination,Seedance.Cmdlets.SaveSeedanceVideoCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.False(System.IO.Directory.Exists(Directory));
    }
}
