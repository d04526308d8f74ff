using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Engine;

/// <summary>A destination that cannot be written fails with its real cause: before anything is paid for (the probe), and
/// mid-download with nothing retried, the partial file removed and nothing under the final name. Read-only and full file
/// systems are tmpfs mounts (as root a chmod stops nothing); where mounting is not permitted those cases say so and
/// assert nothing.</summary>
public sealed class DestinationTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-destination-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper output;

    public DestinationTests(ITestOutputHelper output)
    {
        this.output = output;
        Directory.CreateDirectory(directory);
    }

    public void Dispose() => Directory.Delete(directory, true);

    [Fact]
    public void A_folder_below_a_file_or_a_file_itself_is_not_a_directory_and_the_file_is_named()
    {
        var file = Path.Combine(directory, "notes.txt");
        File.WriteAllText(file, "not a folder");

        var below = Assert.Throws<RunflowDestinationException>(() => DestinationProbe.EnsureWritable(Path.Combine(file, "videos", "today")));
        var itself = Assert.Throws<RunflowDestinationException>(() => DestinationProbe.EnsureWritable(file));

        Assert.Equal(FileSystemProblem.NotADirectory, below.Problem);
        Assert.Contains($"'{file}' is a file, not a folder", below.Message);
        Assert.Equal(FileSystemProblem.NotADirectory, itself.Problem);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void A_writable_folder_is_created_and_keeps_no_probe_file()
    {
        var videos = Path.Combine(directory, "new", "videos");

        DestinationProbe.EnsureWritable(videos);

        Assert.True(Directory.Exists(videos));
        Assert.Empty(Directory.GetFileSystemEntries(videos));
    }

    [Fact]
    public void A_read_only_file_system_is_named_as_such()
    {
        using var mount = TmpfsMount.TryMount(Path.Combine(directory, "ro"), "ro,size=1m", out var whyNot);
        if (mount is null)
        {
            output.WriteLine("Skipped, nothing asserted: " + whyNot);
            return;
        }

        var failure = Assert.Throws<RunflowDestinationException>(() => DestinationProbe.EnsureWritable(Path.Combine(mount.Path, "videos")));

        Assert.Equal(FileSystemProblem.ReadOnlyFileSystem, failure.Problem);
        Assert.Contains("the file system is read-only", failure.Message);
        Assert.DoesNotContain(".partial", failure.Message);
    }

    [Fact]
    public void A_full_file_system_is_named_as_such_and_keeps_no_probe_file()
    {
        using var mount = TmpfsMount.TryMount(Path.Combine(directory, "full"), "size=256k", out var whyNot);
        if (mount is null)
        {
            output.WriteLine("Skipped, nothing asserted: " + whyNot);
            return;
        }

        mount.Fill();

        var failure = Assert.Throws<RunflowDestinationException>(() => DestinationProbe.EnsureWritable(mount.Path));

        Assert.Equal(FileSystemProblem.DiskFull, failure.Problem);
        Assert.Contains("the disk is full", failure.Message);
        Assert.Equal(new[] { "filler.bin" }, Directory.GetFiles(mount.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_disk_that_fills_mid_download_fails_at_once_naming_it_with_the_partial_removed_and_no_final_file()
    {
        using var mount = TmpfsMount.TryMount(Path.Combine(directory, "small"), "size=256k", out var whyNot);
        if (mount is null)
        {
            output.WriteLine("Skipped, nothing asserted: " + whyNot);
            return;
        }

        var video = Enumerable.Range(0, 1_000_000).Select(index => (byte)(index % 251)).ToArray();
        var api = new FakeApi((_, _) => FakeApi.Bytes(HttpStatusCode.OK, video));
        using var client = api.Client();
        var run = Run.Parse(FakeApi.RunJson("r1", "succeeded", videoUrl: "https://files.example.test/v.mp4"));
        DestinationProbe.EnsureWritable(mount.Path);

        var failure = await Assert.ThrowsAsync<RunflowDestinationException>(() =>
            client.DownloadOutputAsync(new DownloadRequest { Run = run, DestinationPath = Path.Combine(mount.Path, "big.mp4") }));

        Assert.Equal(FileSystemProblem.DiskFull, failure.Problem);
        Assert.Contains("the disk is full", failure.Message);
        Assert.Single(api.Requests);
        Assert.Empty(Directory.GetFiles(mount.Path));
    }
}
