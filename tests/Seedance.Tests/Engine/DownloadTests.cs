using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

public sealed class DownloadTests : IDisposable
{
    private const string FileHost = "https://files.example.test";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-download-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] video = Enumerable.Range(0, 300_000).Select(index => (byte)(index * 31 % 251)).ToArray();

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
    }

    private static Run SucceededRun(string url) => Run.Parse(FakeApi.RunJson("r1", "succeeded", videoUrl: url));

    private string Target => Path.Combine(directory, "nested", "video.mp4");

    [Fact]
    public async Task A_truncated_body_is_resumed_with_a_range_and_the_file_is_byte_identical()
    {
        var api = new FakeApi((request, count) =>
        {
            if (request.Header("Range") is { } range)
            {
                var from = long.Parse(range.Split('=')[1].TrimEnd('-'));
                var rest = video.Skip((int)from).ToArray();
                var partial = FakeApi.Bytes(HttpStatusCode.PartialContent, rest);
                partial.Content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(from, video.Length - 1, video.Length);
                return partial;
            }

            // The first answer promises every byte but ends half way, as a dropped transfer does.
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new TruncatedContent(video, video.Length / 2) };
        });
        using var client = api.Client();

        var result = await client.DownloadOutputAsync(new DownloadRequest { Run = SucceededRun(FileHost + "/v.mp4?X-Amz-Signature=s"), DestinationPath = Target });

        Assert.Equal(video, await File.ReadAllBytesAsync(Target));
        Assert.Equal(2, result.Attempts);
        Assert.All(api.Requests, request => Assert.Null(request.Header("Authorization")));
        Assert.Single(SavedFolder.Files(Path.GetDirectoryName(Target)!));
    }

    [Fact]
    public async Task A_save_of_the_same_run_by_another_process_is_waited_for_and_its_file_taken_as_this_runs()
    {
        var api = new FakeApi((request, count) => FakeApi.Bytes(HttpStatusCode.OK, video));
        using var client = api.Client();
        Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
        var partial = TemporaryFile.For(Target, "r1", 0);
        var other = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None);
        var run = SucceededRun(FileHost + "/v.mp4?X-Amz-Signature=s");

        var saving = client.DownloadOutputAsync(new DownloadRequest { Run = run, DestinationPath = Target });
        await Task.Delay(300);
        Assert.False(saving.IsCompleted);
        // The other process finishes: the whole file, recorded in the folder's index, under the final name.
        await other.WriteAsync(video);
        new SavedFileIndex(Path.GetDirectoryName(Target)!).RecordWhile(new SavedFile("video.mp4", "r1", 0, video.Length, DateTimeOffset.UtcNow), () =>
        {
            other.Dispose();
            File.Move(partial, Target);
        });
        var result = await saving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Skipped);
        Assert.Equal(Target, result.Path);
        Assert.Equal(video, await File.ReadAllBytesAsync(Target));
        Assert.Single(SavedFolder.Files(Path.GetDirectoryName(Target)!));
    }

    [Fact]
    public async Task An_expired_url_is_replaced_by_reading_the_run_again()
    {
        var api = new FakeApi((request, count) =>
        {
            if (request.Uri.Host == "api.example.test")
            {
                return FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson("r1", "succeeded", videoUrl: FileHost + "/fresh.mp4"));
            }

            return request.Uri.AbsolutePath == "/stale.mp4"
                ? new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>") }
                : FakeApi.Bytes(HttpStatusCode.OK, video);
        });
        using var client = api.Client();

        var result = await client.DownloadOutputAsync(new DownloadRequest { Run = SucceededRun(FileHost + "/stale.mp4"), DestinationPath = Target });

        Assert.Equal(1, result.UrlRefreshes);
        Assert.Equal(video.Length, new FileInfo(Target).Length);
        Assert.Null(api.Requests.Single(request => request.Uri.AbsolutePath == "/fresh.mp4").Header("Authorization"));
    }

    [Fact]
    public async Task This_runs_complete_file_is_skipped_without_a_request_and_a_changed_one_is_left_alone()
    {
        var api = new FakeApi((request, _) => FakeApi.Bytes(HttpStatusCode.OK, video));
        using var client = api.Client();
        await client.DownloadOutputAsync(new DownloadRequest { Run = SucceededRun(FileHost + "/v.mp4"), DestinationPath = Target });
        var requestsAfterFirst = api.Requests.Count;

        var skipped = await client.DownloadOutputAsync(new DownloadRequest { Run = SucceededRun(FileHost + "/v.mp4"), DestinationPath = Target });
        var requestsAfterSkip = api.Requests.Count;
        await File.WriteAllBytesAsync(Target, new byte[10]);
        var refused = await Assert.ThrowsAsync<RunflowDownloadException>(() =>
            client.DownloadOutputAsync(new DownloadRequest { Run = SucceededRun(FileHost + "/v.mp4"), DestinationPath = Target }));
        var replaced = await client.DownloadOutputAsync(new DownloadRequest { Run = SucceededRun(FileHost + "/v.mp4"), DestinationPath = Target, Overwrite = true });

        Assert.True(skipped.Skipped);
        Assert.Equal(Target, skipped.Path);
        Assert.Equal(requestsAfterFirst, requestsAfterSkip);
        Assert.Contains("left alone", refused.Message);
        Assert.False(replaced.Skipped);
        Assert.Equal(video, await File.ReadAllBytesAsync(Target));
    }

    [Fact]
    public async Task A_download_that_keeps_failing_leaves_no_file_behind()
    {
        var api = new FakeApi((request, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new TruncatedContent(video, 1000) });
        using var client = api.Client();

        var failure = await Assert.ThrowsAsync<RunflowDownloadException>(() =>
            client.DownloadOutputAsync(new DownloadRequest { Run = SucceededRun(FileHost + "/v.mp4"), DestinationPath = Target }));

        Assert.Equal("r1", failure.RunId);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(Target)!));
    }

    [Fact]
    public async Task Canceling_a_download_leaves_no_file_behind()
    {
        using var cancel = new CancellationTokenSource();
        var api = new FakeApi((request, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new EndlessContent(cancel) });
        using var client = api.Client();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.DownloadOutputAsync(new DownloadRequest { Run = SucceededRun(FileHost + "/v.mp4"), DestinationPath = Target }, null, cancel.Token));

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(Target)!));
    }

    /// <summary>Declares the full length, sends only the first bytes, then fails like a reset connection.</summary>
    private sealed class TruncatedContent : HttpContent
    {
        private readonly byte[] bytes;
        private readonly int sent;

        public TruncatedContent(byte[] bytes, int sent)
        {
            this.bytes = bytes;
            this.sent = sent;
            Headers.ContentLength = bytes.Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await stream.WriteAsync(bytes.AsMemory(0, sent));

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(bytes, 0, sent));

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    /// <summary>Streams zeros forever, canceling the download once some have arrived.</summary>
    private sealed class EndlessContent : HttpContent
    {
        private readonly CancellationTokenSource cancel;

        public EndlessContent(CancellationTokenSource cancel)
        {
            this.cancel = cancel;
            Headers.ContentLength = long.MaxValue / 2;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => Task.CompletedTask;

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new EndlessStream(cancel));

        protected override bool TryComputeLength(out long length)
        {
            length = long.MaxValue / 2;
            return true;
        }
    }

    private sealed class EndlessStream : Stream
    {
        private readonly CancellationTokenSource cancel;
        private long served;

        public EndlessStream(CancellationTokenSource cancel) => this.cancel = cancel;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            served += count;
            if (served > 500_000)
            {
                cancel.Cancel();
            }

            cancel.Token.ThrowIfCancellationRequested();
            Array.Clear(buffer, offset, count);
            return count;
        }
    }
}
