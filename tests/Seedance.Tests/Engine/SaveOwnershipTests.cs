using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>A file counts as complete only when the folder's index says it is the same run's output; any other file of
/// the same name, whatever its size, is left alone and the video goes to a distinct name; a partial file an interrupted
/// process left is resumed with a Range request.</summary>
public sealed class SaveOwnershipTests : IDisposable
{
    private const string FileHost = "https://files.example.test";
    private const string FirstTake = "0190b6a4-7f7e-7a2b-9f51-1b2c3d4e5f60";
    private const string SecondTake = "0190b6a4-8a8a-7b3c-8e62-aa00bb11cc22";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-ownership-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] firstVideo = Enumerable.Range(0, 200_000).Select(index => (byte)(index * 31 % 251)).ToArray();
    private readonly byte[] secondVideo = Enumerable.Range(0, 200_000).Select(index => (byte)(index * 17 % 241)).ToArray();

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
    }

    private string Target => Path.Combine(directory, "harbor-dawn.mp4");

    private static Run RunOf(string id) => Run.Parse(FakeApi.RunJson(id, "succeeded", clientRef: "harbor-dawn", videoUrl: FileHost + "/" + id + ".mp4"));

    private FakeApi Host() => new((request, _) =>
    {
        var bytes = request.Uri.AbsolutePath.Contains(FirstTake, StringComparison.Ordinal) ? firstVideo : secondVideo;
        if (request.Header("Range") is { } range)
        {
            var from = long.Parse(range.Split('=')[1].TrimEnd('-'));
            if (from >= bytes.Length)
            {
                var refused = new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable) { Content = new ByteArrayContent(Array.Empty<byte>()) };
                refused.Content.Headers.ContentRange = new ContentRangeHeaderValue(bytes.Length);
                return refused;
            }

            var partial = FakeApi.Bytes(HttpStatusCode.PartialContent, bytes.Skip((int)from).ToArray());
            partial.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, bytes.Length - 1, bytes.Length);
            return partial;
        }

        return FakeApi.Bytes(HttpStatusCode.OK, bytes);
    });

    [Fact]
    public async Task A_second_take_of_the_same_name_and_size_gets_a_distinct_name_and_neither_overwrites_the_other()
    {
        var api = Host();
        using var client = api.Client();

        var first = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(FirstTake), DestinationPath = Target });
        var second = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(SecondTake), DestinationPath = Target });
        var firstAgain = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(FirstTake), DestinationPath = Target });
        var secondAgain = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(SecondTake), DestinationPath = Target });

        Assert.False(second.Skipped);
        Assert.Equal(Path.Combine(directory, "harbor-dawn-bb11cc22.mp4"), second.Path);
        Assert.Equal(Target, second.RequestedPath);
        Assert.Equal("the video of run " + FirstTake, second.DisplacedBy);
        Assert.Equal(firstVideo, await File.ReadAllBytesAsync(Target));
        Assert.Equal(secondVideo, await File.ReadAllBytesAsync(second.Path));
        Assert.True(firstAgain.Skipped && firstAgain.Path == Target);
        Assert.True(secondAgain.Skipped && secondAgain.Path == second.Path);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task A_file_of_the_same_size_the_folder_has_no_record_of_is_not_taken_for_complete_nor_overwritten()
    {
        Directory.CreateDirectory(directory);
        var oldVideo = Enumerable.Repeat((byte)7, firstVideo.Length).ToArray();
        await File.WriteAllBytesAsync(Target, oldVideo);
        using var client = Host().Client();

        var result = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(FirstTake), DestinationPath = Target });

        Assert.False(result.Skipped);
        Assert.NotEqual(Target, result.Path);
        Assert.Equal("a file Seedance has no record of saving", result.DisplacedBy);
        Assert.Equal(oldVideo, await File.ReadAllBytesAsync(Target));
        Assert.Equal(firstVideo, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task A_file_only_its_old_sidecar_ties_to_the_run_counts_as_complete_when_its_length_matches_the_host()
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Target, firstVideo);
        await File.WriteAllTextAsync(RunSidecar.PathFor(Target), "{\"run_id\":\"" + FirstTake + "\",\"video_file\":\"harbor-dawn.mp4\"}");
        using var client = Host().Client();

        var own = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(FirstTake), DestinationPath = Target });
        var other = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(SecondTake), DestinationPath = Target });

        Assert.True(own.Skipped);
        Assert.Equal(Target, own.Path);
        Assert.Equal("the video of run " + FirstTake, other.DisplacedBy);
        Assert.Equal(FirstTake, new SavedFileIndex(directory).Find("harbor-dawn.mp4")!.RunId);
    }

    [Fact]
    public async Task A_partial_file_a_killed_process_left_is_resumed_with_a_range_request()
    {
        Directory.CreateDirectory(directory);
        var leftover = TemporaryFile.For(Target, FirstTake, 0);
        await File.WriteAllBytesAsync(leftover, firstVideo.Take(70_000).ToArray());
        var api = Host();
        using var client = api.Client();

        var result = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(FirstTake), DestinationPath = Target });

        var request = Assert.Single(api.Requests);
        Assert.Equal("bytes=70000-", request.Header("Range"));
        Assert.Equal(70_000, result.ResumedFrom);
        Assert.Equal(firstVideo, await File.ReadAllBytesAsync(Target));
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task A_complete_leftover_is_renamed_after_the_host_confirms_its_length_and_a_longer_one_is_started_over()
    {
        Directory.CreateDirectory(directory);
        var otherTarget = Path.Combine(directory, "other.mp4");
        await File.WriteAllBytesAsync(TemporaryFile.For(Target, FirstTake, 0), firstVideo);
        await File.WriteAllBytesAsync(TemporaryFile.For(otherTarget, SecondTake, 0), secondVideo.Concat(new byte[100]).ToArray());
        var api = Host();
        using var client = api.Client();

        var complete = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(FirstTake), DestinationPath = Target });
        var longer = await client.DownloadOutputAsync(new DownloadRequest { Run = RunOf(SecondTake), DestinationPath = otherTarget });

        Assert.Equal(firstVideo, await File.ReadAllBytesAsync(Target));
        Assert.Equal(1, complete.Attempts);
        Assert.Equal(secondVideo, await File.ReadAllBytesAsync(otherTarget));
        Assert.Equal(2, longer.Attempts);
        Assert.Empty(Directory.GetFiles(directory, "*.partial"));
    }

    [Fact]
    public void The_temporary_name_is_the_runs_own_and_only_that_exact_form_parses()
    {
        var name = Path.GetFileName(TemporaryFile.For("/videos/a.mp4", FirstTake, 0));

        Assert.Equal(name, Path.GetFileName(TemporaryFile.For("/videos/a.mp4", FirstTake, 0)));
        Assert.NotEqual(name, Path.GetFileName(TemporaryFile.For("/videos/a.mp4", SecondTake, 0)));
        Assert.True(TemporaryFile.TryParse(name, out var finalName, out var tag));
        Assert.Equal("a.mp4", finalName);
        Assert.Equal(TemporaryFile.TagFor(FirstTake, 0), tag);
        foreach (var other in new[] { "notes.partial", "a.mp4.1A2B3C4D.partial", "a.mp4.1a2b3c4.partial", "a.mp4.1a2b3c4d.partial.bak", ".1a2b3c4d.partial", "a.mp4-1a2b3c4d.partial" })
        {
            Assert.False(TemporaryFile.TryParse(other, out _, out _), other);
        }
    }
}
