using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using Seedance.Engine;
using Seedance.Tests.Cmdlets;
using Seedance.Tests.Engine;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Hardening;

/// <summary>A corpus of bad input through the cmdlets: each case gets a clear error record with a specific ErrorId, nothing is
/// sent for it, and the good inputs around it still go through.</summary>
[Collection("Module")]
public sealed class BadInputCorpusTests : ConnectedModule
{
    private readonly ITestOutputHelper output;

    public BadInputCorpusTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    private static readonly (string Parameters, string ErrorId)[] Corpus =
    {
        ("-AspectRatio '16x9'", "Seedance.InvalidAspectRatio"),
        ("-AspectRatio 'wide'", "Seedance.InvalidAspectRatio"),
        ("-AspectRatio '0:0'", "Seedance.InvalidAspectRatio"),
        ("-Duration 0", "Seedance.InvalidDuration"),
        ("-Duration 3", "Seedance.InvalidDuration"),
        ("-Duration 16", "Seedance.InvalidDuration"),
        ("-Duration -1", "Seedance.InvalidDuration"),
        ("-Duration '10s'", "Seedance.InvalidDuration"),
        ("-Duration '4.5'", "Seedance.InvalidDuration"),
        ("-Resolution '4k'", "Seedance.InvalidResolution"),
        ("-Resolution '720'", "Seedance.InvalidResolution"),
        ("-GenerateAudio 'maybe'", "Seedance.InvalidGenerateAudio"),
        ("-GenerateAudio 2", "Seedance.InvalidGenerateAudio"),
        ("-Prompt ''", "Seedance.MissingPrompt"),
        ("-Prompt '   '", "Seedance.MissingPrompt"),
        ("-CallbackUrl 'ftp://example.test/hook'", "Seedance.InvalidCallbackUrl"),
        ("-CallbackUrl 'javascript:alert(1)'", "Seedance.InvalidCallbackUrl"),
        ("-CallbackUrl '/relative/hook'", "Seedance.InvalidCallbackUrl"),
        ("-CallbackUrl ('https://example.test/' + ('a' * 2100))", "Seedance.InvalidCallbackUrl"),
        ("-Metadata @{ code = { 'a script block' } }", "Seedance.InvalidMetadata"),
        ("-Metadata @{ stream = [System.IO.MemoryStream]::new() }", "Seedance.InvalidMetadata"),
        ("-Metadata $loop", "Seedance.InvalidMetadata"),
        ("-Metadata @{ 1 = 'numeric key' }", "Seedance.InvalidMetadata"),
        ("-Image \"$dir/missing.png\"", "Seedance.ImageNotFound"),
        ("-Image \"$dir/picture.gif\"", "Seedance.UnsupportedImage"),
        ("-Image \"$dir/huge.png\"", "Seedance.ImageTooLarge"),
        ("-Image \"$dir/empty.png\"", "Seedance.ImageTooLarge"),
        ("-Image \"$dir/just-over.png\"", "Seedance.ImageTooLarge"),
        ("-Image $dir", "Seedance.UnsupportedImage"),
        ("-Image \"$dir/renamed-text.png\"", "Seedance.UnsupportedImage"),
        ("-Image \"$dir/truncated.jpg\"", "Seedance.UnsupportedImage"),
        ("-Image \"$dir/locked.png\"", "Seedance.ImageUnreadable"),
        ("-Model 'bytedance/seedance/2.0/text-to-video' -Image 'https://example.test/a.png'", "Seedance.ImageNeedsImageModel"),
        ("-Model 'bytedance/seedance/2.0/image-to-video'", "Seedance.MissingImage"),
        ("-ClientRef ('r' * 256)", "Seedance.InvalidClientRef"),
        ("-ClientRef \"line`nbreak\"", "Seedance.InvalidClientRef"),
        ("-Seed 7 -EndImage 'https://example.test/end.png'", "Seedance.InvalidInput"),
    };

    [Fact]
    public void Every_bad_parameter_value_gets_its_own_error_id_and_costs_nothing()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllBytes(Path.Combine(Directory, "picture.gif"), new byte[] { 0x47, 0x49, 0x46 });
        File.WriteAllBytes(Path.Combine(Directory, "empty.png"), Array.Empty<byte>());
        using (var huge = File.Create(Path.Combine(Directory, "huge.png")))
        {
            huge.SetLength(31L * 1024 * 1024);
        }

        using (var justOver = File.Create(Path.Combine(Directory, "just-over.png")))
        {
            // "max 30 MB" read as 30,000,000 bytes, the stricter reading.
            justOver.SetLength(30_000_001);
        }

        File.WriteAllText(Path.Combine(Directory, "renamed-text.png"), "not a picture, whatever the name says");
        File.WriteAllBytes(Path.Combine(Directory, "truncated.jpg"), new byte[] { 0xFF, 0xD8 });
        // Held open without sharing, as an editor or a sync client holds a file: the module cannot read it. (Permission
        // bits cannot stand in for this: the tests may run as root, who reads everything.)
        using var locked = new FileStream(Path.Combine(Directory, "locked.png"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        locked.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 });
        locked.Flush();

        foreach (var (parameters, errorId) in Corpus)
        {
            var prompt = parameters.StartsWith("-Prompt", StringComparison.Ordinal) ? string.Empty : "-Prompt 'a scene' ";
            var result = Run("$loop = @{}; $loop.self = $loop; New-SeedanceRun " + prompt + parameters);

            var error = Assert.Single(result.Errors);
            Assert.True(error.FullyQualifiedErrorId.StartsWith(errorId + ",", StringComparison.Ordinal), $"{parameters}: got {error.FullyQualifiedErrorId}: {error}");
            Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.Message));
            Assert.NotNull(error.TargetObject);
            Assert.Equal(errorId == "Seedance.ImageUnreadable" ? ErrorCategory.ReadError : ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Empty(result.Output);
        }

        Assert.Equal(0, Emulator.GetStats().RunsCreated);
        Assert.Equal(0, Emulator.GetStats().Requests("POST /v1/asset-uploads"));
        output.WriteLine($"{Corpus.Length} bad parameter values tried, {Corpus.Length} clear error records, 0 runs created");
    }

    [Fact]
    public void Csv_rows_with_missing_or_extra_columns_are_handled_row_by_row()
    {
        var result = Run("""
            @(
                [pscustomobject]@{ text_of_scene = 'no prompt column' }
                [pscustomobject]@{ prompt = 'extra columns are ignored'; colour = 'red'; notes = 'x'; duration = '' }
                [pscustomobject]@{ Prompt = $null }
                [pscustomobject]@{ prompt = 'fine' }
            ) | New-SeedanceRun
            """);

        Assert.Equal(2, result.Output.Count);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error => Assert.StartsWith("Seedance.MissingPrompt,", error.FullyQualifiedErrorId));
        Assert.Equal(new[] { "Input 0", "Input 2" }, result.Errors.Select(error => error.ErrorDetails.Message.Split(':')[0]));
    }

    [Fact]
    public void File_names_from_hostile_client_refs_and_templates_never_leave_the_directory()
    {
        var hostile = new[] { "../../escape", "/etc/passwd", "C:\\Windows\\System32\\evil", "CON", "nul.txt", "a<b>c|d?e*f\"g", "..", "trailing. . .", "COM1" };
        var result = Run("""
            $hostile | ForEach-Object { New-SeedanceRun -Prompt "scene for $_" -ClientRef $_ } |
                Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}'
            """, new Dictionary<string, object?> { ["hostile"] = hostile });

        result.AssertNoErrors();
        Assert.Equal(hostile.Length, result.Output.Count);
        var root = Path.GetFullPath(Directory);
        foreach (var path in result.Output.Select(video => video.Property<string>("Path")))
        {
            Assert.Equal(root, Path.GetDirectoryName(path));
            var name = Path.GetFileNameWithoutExtension(path);
            Assert.DoesNotContain("..", Path.GetFileName(path));
            Assert.False(new[] { "CON", "NUL", "COM1", "PRN", "AUX" }.Contains(name.Split('.')[0], StringComparer.OrdinalIgnoreCase), path);
            Assert.True(Path.GetFileName(path).IndexOfAny(new[] { '<', '>', ':', '"', '|', '?', '*', '\\', '/' }) < 0, path);
        }

        Assert.Equal(hostile.Length, SavedFolder.Files(Directory).Length);
        Assert.Empty(System.IO.Directory.GetDirectories(Directory));
        output.WriteLine($"{hostile.Length} hostile client refs saved, all inside the directory");
    }

    [Fact]
    public void Hostile_file_name_templates_are_refused_or_kept_inside_the_directory()
    {
        var templates = new[] { "../{RunId}", "../../{ClientRef}", "/tmp/{RunId}", "C:\\evil\\{RunId}", "sub/../../{RunId}", "CON", "{RunId}/../../x", "..", "a:b|c?{RunId}" };
        var outside = Path.GetDirectoryName(Path.GetFullPath(Directory))!;
        var result = Run("""
            $run = New-SeedanceRun -Prompt 'one run for every template' -ClientRef 'template-target' | Wait-SeedanceRun -PollInterval 1
            foreach ($template in $templates) { $run | Save-SeedanceVideo -Directory $dir -FileName $template -Force }
            """, new Dictionary<string, object?> { ["templates"] = templates });

        var root = Path.GetFullPath(Directory);
        Assert.All(result.Errors, error => Assert.StartsWith("Seedance.InvalidFileName,", error.FullyQualifiedErrorId));
        Assert.Equal(templates.Length, result.Output.Count + result.Errors.Count);
        Assert.All(result.Output.Select(video => video.Property<string>("Path")), path => Assert.Equal(root, Path.GetDirectoryName(path)));
        Assert.Empty(System.IO.Directory.GetDirectories(Directory));
        // The parent (the temp folder, which "../{RunId}" and "/tmp/{RunId}" aim at) got no file of this run.
        var runId = Emulator.RunIdsForClientRef("template-target").Single();
        Assert.DoesNotContain(System.IO.Directory.GetFiles(outside), file => Path.GetFileName(file).Contains(runId, StringComparison.Ordinal)
            || Path.GetFileName(file).StartsWith("template-target", StringComparison.Ordinal) || Path.GetFileName(file) is "x.mp4" or "CON.mp4");
        output.WriteLine($"{templates.Length} hostile -FileName templates: {result.Output.Count} saved inside the directory, {result.Errors.Count} refused");
    }

    [Theory]
    [InlineData("{\"id\":\"r1\",\"status_code\":")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("[]")]
    [InlineData("{\"status_code\":\"queued\"}")]
    public async Task Malformed_or_truncated_json_from_the_server_is_a_clear_protocol_error(string body)
    {
        var api = new FakeApi((request, _) => FakeApi.Json(HttpStatusCode.OK, body));
        using var client = api.Client();

        var failure = await Assert.ThrowsAsync<RunflowProtocolException>(() => client.GetRunAsync("r1"));

        Assert.Contains("run", failure.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_succeeded_run_without_outputs_fails_its_download_clearly_and_an_unknown_status_keeps_being_followed()
    {
        var api = new FakeApi((request, count) => FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson("r1", count < 3 ? "paused_by_provider" : "succeeded")));
        using var client = api.Client();
        using var watcher = new RunWatcher(client);
        watcher.Track("r1");

        var finished = await watcher.WaitAllAsync(TimeSpan.FromSeconds(10));
        var failure = await Assert.ThrowsAsync<RunflowDownloadException>(() =>
            client.DownloadOutputAsync(new DownloadRequest { Run = finished.Single(), DestinationPath = Path.Combine(Directory, "none.mp4") }));

        Assert.Equal(RunStatus.Succeeded, finished.Single().Status);
        Assert.Contains("no output file", failure.Message);
        Assert.False(File.Exists(Path.Combine(Directory, "none.mp4")));
    }
}
