using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Seedance.Engine;
using Seedance.Engine.Ledger;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Cmdlets;

/// <summary>
/// Nothing is paid for that cannot be saved, and no file is mistaken for another: a destination that cannot be written
/// stops the pipeline before New-SeedanceRun creates a run; a disk that fills mid-way names the cause and leaves
/// nothing; another run's file of the same name is never taken for complete nor overwritten; a killed save's partial
/// file is resumed with a Range request, and leftovers are cleared. Read-only and full file systems are tmpfs mounts;
/// where mounting is refused those cases say so and assert nothing.
/// </summary>
[Collection("Module")]
public sealed class SaveSafetyTests : ConnectedModule
{
    private const string VideoRoute = "GET /outputs/{run}/video.mp4";
    private const string ThreeRows = "1..3 | ForEach-Object { [pscustomobject]@{ prompt = \"paid row $_\"; client_ref = \"paid-$_\" } }";
    private readonly ITestOutputHelper output;

    public SaveSafetyTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    private Dictionary<string, object?> With(string name, object? value) => new() { [name] = value };

    /// <summary>Runs a pipeline and returns the error record that ended it (the script catches it).</summary>
    private ErrorRecord Stopped(string pipeline, IDictionary<string, object?>? variables = null)
    {
        var result = Run("try { " + pipeline + " } catch { $_ }", variables);
        var caught = result.Objects<ErrorRecord>().ToList();
        Assert.True(caught.Count == 1, "no terminating error: " + string.Join("; ", result.Errors.Select(error => error.ToString()).Concat(result.Output.Select(item => item.ToString()))));
        return caught[0];
    }

    private static void AssertDestinationError(ErrorRecord error, ErrorCategory category, string target, string cause)
    {
        Assert.Equal("Seedance.DestinationNotWritable,Seedance.Cmdlets.SaveSeedanceVideoCommand", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
        Assert.Contains(cause, error.ErrorDetails.Message);
        Assert.DoesNotContain(".partial", error.ErrorDetails.Message);
    }

    [Fact]
    public void A_read_only_directory_stops_the_pipeline_before_any_run_is_created()
    {
        using var mount = TmpfsMount.TryMount(Path.Combine(Directory, "ro"), "ro,size=1m", out var whyNot);
        if (mount is null)
        {
            output.WriteLine("Skipped, nothing asserted: " + whyNot);
            return;
        }

        var videos = Path.Combine(mount.Path, "videos");
        var error = Stopped(ThreeRows + " | New-SeedanceRun | Wait-SeedanceRun | Save-SeedanceVideo -Directory $videos", With("videos", videos));

        Assert.Equal(0, Emulator.GetStats().RunsCreated);
        AssertDestinationError(error, ErrorCategory.PermissionDenied, videos, "the file system is read-only");
        Assert.Contains("created no run", error.ErrorDetails.Message);
    }

    [Fact]
    public void A_full_disk_stops_the_pipeline_before_any_run_is_created()
    {
        using var mount = TmpfsMount.TryMount(Path.Combine(Directory, "full"), "size=256k", out var whyNot);
        if (mount is null)
        {
            output.WriteLine("Skipped, nothing asserted: " + whyNot);
            return;
        }

        mount.Fill();
        var error = Stopped(ThreeRows + " | New-SeedanceRun | Wait-SeedanceRun | Save-SeedanceVideo -Directory $full", With("full", mount.Path));

        Assert.Equal(0, Emulator.GetStats().RunsCreated);
        AssertDestinationError(error, ErrorCategory.WriteError, mount.Path, "the disk is full");
    }

    [Fact]
    public void A_directory_below_a_regular_file_stops_the_pipeline_before_any_run_is_created()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var file = Path.Combine(Directory, "notes.txt");
        File.WriteAllText(file, "a file, not a folder");
        var videos = Path.Combine(file, "videos");

        var error = Stopped(ThreeRows + " | New-SeedanceRun | Wait-SeedanceRun | Save-SeedanceVideo -Directory $videos", With("videos", videos));
        var single = Stopped("New-SeedanceRun -Prompt 'one' | Save-SeedanceVideo -Path $path", With("path", Path.Combine(videos, "one.mp4")));

        Assert.Equal(0, Emulator.GetStats().RunsCreated);
        AssertDestinationError(error, ErrorCategory.WriteError, videos, $"'{file}' is a file, not a folder");
        AssertDestinationError(single, ErrorCategory.WriteError, videos, $"'{file}' is a file, not a folder");
        Assert.Equal("a file, not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void A_disk_that_fills_mid_way_names_the_cause_leaves_nothing_and_stops_further_creates()
    {
        using var mount = TmpfsMount.TryMount(Path.Combine(Directory, "small"), "size=512k", out var whyNot);
        if (mount is null)
        {
            output.WriteLine("Skipped, nothing asserted: " + whyNot);
            return;
        }

        Emulator.Options.VideoBytes = 2 * 1024 * 1024;
        const int rows = 10;
        var error = Stopped("""
            1..10 | ForEach-Object {
                if ($_ -gt 1) { [System.Threading.Thread]::Sleep(500) }
                [pscustomobject]@{ prompt = "too big $_"; client_ref = "big-$_" }
            } | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $small
            """, With("small", mount.Path));

        Assert.Equal(ErrorCategory.WriteError, error.CategoryInfo.Category);
        Assert.StartsWith("Seedance.DestinationNotWritable,", error.FullyQualifiedErrorId);
        Assert.Contains("the disk is full", error.ErrorDetails.Message);
        output.WriteLine(error.ErrorDetails.Message + " / " + error.ErrorDetails.RecommendedAction);
        Assert.Empty(System.IO.Directory.GetFiles(mount.Path));
        Assert.True(Emulator.GetStats().RunsCreated < rows, $"{Emulator.GetStats().RunsCreated} of {rows} rows were paid for after the disk was full");
    }

    [Fact]
    public void Two_takes_of_one_client_ref_are_both_saved_and_neither_overwrites_the_other()
    {
        var result = Run("""
            $first = New-SeedanceRun -Prompt 'the same scene' -ClientRef 'scene' | Wait-SeedanceRun
            $second = New-SeedanceRun -Prompt 'the same scene, take two' -ClientRef 'scene' -NewTake | Wait-SeedanceRun
            $first | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}'
            $second | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}'
            $first, $second | Save-SeedanceVideo -Directory "$dir/together" -FileName '{ClientRef}'
            """);

        result.AssertNoErrors();
        var videos = result.Output.Select(video => (RunId: video.Property<string>("RunId"), Path: video.Property<string>("Path"), Status: video.Property("Status")!.ToString())).ToList();
        Assert.Equal(4, videos.Count);
        Assert.All(videos, video => Assert.Equal("Saved", video.Status));
        Assert.Equal(4, videos.Select(video => video.Path).Distinct().Count());
        Assert.All(videos, video => Assert.Equal(Emulator.GetVideoBytes(video.RunId), File.ReadAllBytes(video.Path)));
        Assert.Equal(Path.Combine(Directory, "scene.mp4"), videos[0].Path);
        Assert.Equal(Path.Combine(Directory, "scene-" + videos[1].RunId.Replace("-", string.Empty)[^8..] + ".mp4"), videos[1].Path);
        Assert.Equal(2, result.Warnings.Count);
    }

    [Fact]
    public void A_file_of_the_same_name_and_size_seedance_did_not_save_is_left_alone()
    {
        var run = Run("New-SeedanceRun -Prompt 'an old name' | Wait-SeedanceRun");
        var runId = Assert.Single(run.Output).Property<string>("Id");
        System.IO.Directory.CreateDirectory(Directory);
        var old = Path.Combine(Directory, "final-cut.mp4");
        var oldBytes = Enumerable.Repeat((byte)42, Emulator.GetVideoBytes(runId).Length).ToArray();
        File.WriteAllBytes(old, oldBytes);

        var result = Run("$run | Save-SeedanceVideo -Path $path", new Dictionary<string, object?> { ["run"] = run.Output[0], ["path"] = old });

        result.AssertNoErrors();
        var video = Assert.Single(result.Output);
        Assert.Equal("Saved", video.Property("Status")!.ToString());
        Assert.NotEqual(old, video.Property<string>("Path"));
        Assert.Equal(oldBytes, File.ReadAllBytes(old));
        Assert.Equal(Emulator.GetVideoBytes(runId), File.ReadAllBytes(video.Property<string>("Path")));
        Assert.Contains(result.Warnings, warning => warning.Contains("a file Seedance has no record of saving", StringComparison.Ordinal));
    }

    [Fact]
    public void A_partial_file_a_killed_save_left_is_resumed_with_a_range_request()
    {
        var run = Run("New-SeedanceRun -Prompt 'interrupted download' | Wait-SeedanceRun");
        var runId = Assert.Single(run.Output).Property<string>("Id");
        var expected = Emulator.GetVideoBytes(runId);
        var target = Path.Combine(Directory, "resume.mp4");
        System.IO.Directory.CreateDirectory(Directory);
        var leftover = TemporaryFile.For(target, runId, 0);
        File.WriteAllBytes(leftover, expected.Take(expected.Length / 3).ToArray());

        var result = Run("$run | Save-SeedanceVideo -Directory $dir -FileName 'resume' -Verbose", With("run", run.Output[0]));

        result.AssertNoErrors();
        var stats = Emulator.GetStats();
        Assert.Equal(1, stats.Responses(VideoRoute + " 206"));
        Assert.Equal(0, stats.Responses(VideoRoute + " 200"));
        Assert.Equal(expected, File.ReadAllBytes(target));
        Assert.False(File.Exists(leftover));
        Assert.Contains(result.Verbose, line => line.Contains($"resumed from byte {expected.Length / 3:N0}", StringComparison.Ordinal));
    }

    [Fact]
    public void Leftover_partials_of_complete_or_stale_saves_are_removed_and_other_files_are_kept()
    {
        var first = Run("New-SeedanceRun -Prompt 'kept clean' | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir");
        first.AssertNoErrors();
        var runId = Assert.Single(first.Output).Property<string>("RunId");
        var ofThisRun = Path.Combine(Directory, Path.GetFileName(TemporaryFile.For(Path.Combine(Directory, "renamed-since.mp4"), runId, 0)));
        var stale = Path.Combine(Directory, Path.GetFileName(TemporaryFile.For(Path.Combine(Directory, "crashed.mp4"), "a-run-long-gone", 0)));
        var fresh = Path.Combine(Directory, Path.GetFileName(TemporaryFile.For(Path.Combine(Directory, "busy.mp4"), "a-run-saving-now", 0)));
        var users = new[] { Path.Combine(Directory, "notes.partial"), Path.Combine(Directory, "draft.mp4.partial") };
        foreach (var path in users.Append(ofThisRun).Append(stale).Append(fresh))
        {
            File.WriteAllBytes(path, new byte[1000]);
            File.SetLastWriteTimeUtc(path, path == fresh ? DateTime.UtcNow : DateTime.UtcNow.AddHours(-3));
        }

        var again = Run("$id | Save-SeedanceVideo -Directory $dir -Verbose", With("id", runId));

        again.AssertNoErrors();
        Assert.Equal("Skipped", Assert.Single(again.Output).Property("Status")!.ToString());
        Assert.False(File.Exists(ofThisRun));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.All(users, path => Assert.True(File.Exists(path), path));
        Assert.Equal(2, again.Verbose.Count(line => line.StartsWith("Removed ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_ledger_records_where_the_video_of_a_run_it_paid_for_was_saved()
    {
        var result = Run("New-SeedanceRun -Prompt 'where did it go' -ClientRef 'ledgered' | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir");

        result.AssertNoErrors();
        var video = Assert.Single(result.Output);
        using var ledger = CreateLedger.Open();
        var entry = Assert.Single(ledger.List(), candidate => candidate.RunId == video.Property<string>("RunId"));
        Assert.Equal(video.Property<string>("Path"), entry.Destination);
    }
}
