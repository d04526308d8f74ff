using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>
/// API answers are kept as the UTF-8 bytes they came in, in chunks, and search pages are read item by item from them:
/// what a caller gets must be what reading the answer whole as one document gave, and the key must be masked wherever
/// it falls, also across the seam of two chunks.
/// </summary>
public sealed class AnswerBytesTests
{
    private const string Key = FakeApi.Key;

    [Fact]
    public async Task A_page_too_large_for_one_chunk_reads_as_the_whole_document_does()
    {
        var json = Page(1000, "\"next_pq\":\"cursor-2\",\"prev_pq\":null,\"total\":1000");
        Assert.True(Encoding.UTF8.GetByteCount(json) > 4 * AnswerBody.ChunkSize);
        var api = new FakeApi((_, _) => FakeApi.Json(HttpStatusCode.OK, json));
        using var client = api.Client();

        var page = await client.SearchRunsAsync(new RunSearchRequest { Query = "created_at>=2026-01-01" });

        using var whole = JsonDocument.Parse(json);
        var expected = whole.RootElement.GetProperty("items").EnumerateArray().Select(Run.FromElement).ToList();
        Assert.Equal("cursor-2", page.NextCursor);
        Assert.Null(page.PreviousCursor);
        Assert.Equal(expected.Select(run => run.Id), page.Items.Select(run => run.Id));
        Assert.Equal(expected.Select(run => run.RawJson), page.Items.Select(run => run.RawJson));
        Assert.Equal(expected.Select(PromptOf), page.Items.Select(PromptOf));
        Assert.Equal(expected.Select(run => run.Output?.Files.Single().Url), page.Items.Select(run => run.Output?.Files.Single().Url));
        Assert.Contains(page.Items, run => PromptOf(run) == "caf\u00e9 \"quoted\" \u2603 & <b>");
    }

    [Fact]
    public async Task An_answer_of_unknown_length_is_read_whole_in_chunks_below_the_large_object_size()
    {
        var json = Page(300, "\"next\":null");
        var bytes = Encoding.UTF8.GetBytes(json);

        var read = await AnswerBody.ReadAsync(new UnknownLengthContent(bytes), CancellationToken.None);

        Assert.Equal(json, AnswerBody.ToText(read));
        Assert.False(read.IsSingleSegment);
        foreach (var chunk in read)
        {
            Assert.InRange(chunk.Length, 1, AnswerBody.ChunkSize);
        }
    }

    [Fact]
    public async Task A_compressed_answer_is_read_whole_although_its_length_is_the_compressed_one()
    {
        var json = Page(400, "\"next\":null");
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        var body = compressed.ToArray();
        Assert.True(body.Length < Encoding.UTF8.GetByteCount(json) / 2);
        using var server = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var served = Task.Run(async () =>
        {
            using var connection = await server.AcceptTcpClientAsync();
            using var stream = connection.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
            {
            }

            var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body);
        });
        var options = FakeApi.Options($"http://127.0.0.1:{port}");
        using var client = new RunflowClient(options);

        var page = await client.SearchRunsAsync(new RunSearchRequest { Query = "created_at>=2026-01-01" });
        await served;

        Assert.Equal(400, page.Items.Count);
        Assert.Equal("run-399", page.Items[^1].Id);
    }

    [Theory]
    [InlineData("utf-8", true)]
    [InlineData(null, true)]
    [InlineData("utf-16", false)]
    [InlineData("iso-8859-1", false)]
    public async Task An_answer_in_another_charset_or_with_a_byte_order_mark_reads_as_the_text_it_is(string? charset, bool byteOrderMark)
    {
        var json = FakeApi.RunJson("r1", "succeeded", prompt: "caf\u00e9 cr\u00e8me");
        var encoding = charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset);
        var bytes = (byteOrderMark ? encoding.GetPreamble() : Array.Empty<byte>()).Concat(encoding.GetBytes(json)).ToArray();
        var api = new FakeApi((_, _) =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = charset };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var client = api.Client();

        var run = await client.GetRunAsync("r1");

        Assert.Equal("caf\u00e9 cr\u00e8me", PromptOf(run));
        Assert.Equal(json, run.RawJson);
    }

    [Fact]
    public async Task An_empty_answer_is_empty()
    {
        Assert.True((await AnswerBody.ReadAsync(new UnknownLengthContent(Array.Empty<byte>()), CancellationToken.None)).IsEmpty);
        Assert.True((await AnswerBody.ReadAsync(null, CancellationToken.None)).IsEmpty);
    }

    [Fact]
    public void A_needle_is_found_wherever_the_seams_cut_it()
    {
        var text = new string('x', 50) + Key + new string('y', 50);
        var needle = Encoding.UTF8.GetBytes(Key);
        for (var cut = 1; cut < text.Length; cut += 3)
        {
            for (var width = 1; width <= 9; width += 4)
            {
                Assert.True(Secrets.Holds(Chunked(text, cut, width), needle), $"cut {cut}, width {width}");
            }
        }

        Assert.False(Secrets.Holds(Chunked(text.Replace(Key, Key.Substring(0, Key.Length - 1) + "!"), 20, 3), needle));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_key_is_masked_across_a_seam_written_plainly_or_behind_escapes(bool escaped)
    {
        var written = escaped ? "\\u0072" + Key.Substring(1) : Key;
        var json = "{\"items\":[{\"id\":\"r1\",\"failure_message\":\"saw " + written + " here\",\"client_ref\":\"a&b\"}]}";
        var at = json.IndexOf(written, StringComparison.Ordinal);
        for (var cut = at - 2; cut <= at + written.Length + 2; cut++)
        {
            var masked = AnswerBody.ToText(Secrets.WithoutKey(Chunked(json, cut, 5), new ApiKey(Key)));

            Assert.DoesNotContain(Key.Substring(1), masked);
            using var document = JsonDocument.Parse(masked);
            var message = document.RootElement.GetProperty("items")[0].GetProperty("failure_message").GetString();
            Assert.Equal("saw rf_live_**** here", message);
        }
    }

    [Fact]
    public void An_answer_without_the_key_is_passed_on_as_it_came()
    {
        var utf8 = Chunked("{\"url\":\"https://f.example/v.mp4?a=1\\u0026X-Amz-Signature=abc\"}", 10, 7);

        var kept = Secrets.WithoutKey(utf8, new ApiKey(Key));

        Assert.Same(utf8.Start.GetObject(), kept.Start.GetObject());
    }

    [Theory]
    [InlineData("[{\"id\":\"a\"},{\"id\":\"b\"}]", 2, null)]
    [InlineData("{\"items\":[{\"id\":\"a\"}],\"first\":\"c0\",\"next\":\"c1\",\"previous\":null}", 1, "c1")]
    [InlineData("{\"next_pq\":\"c1\",\"meta\":{\"n\":[1,2,{\"x\":null}]},\"items\":[{\"id\":\"a\"}],\"prev_pq\":null}", 1, "c1")]
    [InlineData("{\"items\":[],\"next\":null}", 0, null)]
    public void Every_page_shape_reads_as_before(string json, int count, string? next)
    {
        for (var cut = 1; cut < json.Length; cut++)
        {
            var page = RunPageReader.Read(Chunked(json, cut, json.Length), Run.FromElement, null);

            Assert.Equal(count, page.Items.Count);
            Assert.Equal(next, page.NextCursor);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"items\":[{\"id\":\"a\"}")]
    [InlineData("{\"items\":[{\"id\":\"a\"}]} trailing")]
    [InlineData("{\"items\":null}")]
    [InlineData("{\"data\":[{\"id\":\"a\"}]}")]
    [InlineData("{\"items\":[\"not a run\"]}")]
    [InlineData("{\"items\":[{\"status_code\":\"queued\"}]}")]
    [InlineData("\"items\"")]
    public void A_page_that_is_not_a_page_of_runs_is_a_protocol_error(string json)
    {
        var failure = Assert.Throws<RunflowProtocolException>(() => RunPageReader.Read(Chunked(json, 3, 4), Run.FromElement, "req-7"));

        Assert.DoesNotContain(Key, failure.Message);
    }

    private static string? PromptOf(Run run) => run.Input is { } input && input.TryGetValue("prompt", out var prompt) ? prompt as string : null;

    private static string Page(int count, string members)
    {
        var items = Enumerable.Range(0, count).Select(index => FakeApi.RunJson("run-" + index, index % 3 == 0 ? "succeeded" : "running",
            clientRef: "ref-" + index, prompt: index == 7 ? "caf\\u00e9 \\\"quoted\\\" \u2603 & <b>" : "scene " + index,
            videoUrl: index % 3 == 0 ? "https://files.example.test/" + index + "/v.mp4?X-Amz-Signature=" + new string('a', 200) + "\\u0026X-Amz-Expires=600" : null,
            extra: ",\"created_at\":\"2026-05-06T10:00:00.000+00:00\",\"metadata\":{\"row\":" + index + ",\"tags\":[\"a\",\"b\"]}"));
        return "{\"items\":[" + string.Join(",", items) + "]," + members + "}";
    }

    /// <summary>The text's UTF-8 bytes as a sequence whose first chunk ends at <paramref name="cut"/> and whose later chunks
    /// are <paramref name="width"/> bytes wide.</summary>
    private static ReadOnlySequence<byte> Chunked(string text, int cut, int width)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        cut = Math.Clamp(cut, 1, bytes.Length);
        var first = new AnswerChunk(bytes.AsMemory(0, cut));
        var last = first;
        for (var offset = cut; offset < bytes.Length; offset += width)
        {
            last = last.Append(bytes.AsMemory(offset, Math.Min(width, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Content that announces no length (as a chunked answer does) and hands out its bytes a few at a time.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] bytes;

        public UnknownLengthContent(byte[] bytes)
        {
            this.bytes = bytes;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes, 0, bytes.Length);

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new TrickleStream(bytes));

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class TrickleStream : MemoryStream
    {
        public TrickleStream(byte[] bytes)
            : base(bytes, false)
        {
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1000), cancellationToken);
    }
}
