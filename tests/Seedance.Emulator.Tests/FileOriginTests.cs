using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

public class FileOriginTests
{
    private const string Valid = """{"input":{"prompt":"A harbor at dawn","duration":"4"}}""";

    private static async Task<(RawApi Api, string RunId, Uri Video)> SucceededRunAsync(Action<EmulatorOptions>? configure = null, bool fakeClock = false)
    {
        var api = fakeClock ? await RawApi.StartOnFakeClockAsync(configure) : await RawApi.StartAsync(configure);
        var (_, run, _) = await api.SendAsync(HttpMethod.Post, RawApi.TextToVideo, Valid);
        var done = await api.WaitTerminalAsync(run!["id"]!.GetValue<string>());
        return (api, done["id"]!.GetValue<string>(), new Uri(done["output"]!["outputs"]![0]!["url"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_video_is_a_playable_mp4_made_distinct_and_sized_by_a_trailing_free_box()
    {
        var (api, runId, video) = await SucceededRunAsync(options => options.VideoBytes = 50_000);
        await using var _ = api;
        using var files = new HttpClient();

        var bytes = await files.GetByteArrayAsync(video);

        Assert.Equal(50_000, bytes.Length);
        Assert.Equal(api.Emulator.GetVideoBytes(runId), bytes);
        var boxes = new List<(string Type, int Offset, int Size)>();
        for (var offset = 0; offset < bytes.Length;)
        {
            Assert.True(offset + 8 <= bytes.Length, $"a box header at {offset} runs past the end");
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset, 4));
            var type = Encoding.ASCII.GetString(bytes, offset + 4, 4);
            Assert.True(size >= 8 && offset + size <= bytes.Length, $"box {type} at {offset} has size {size}");
            Assert.Matches("^[a-z]{4}$", type);
            boxes.Add((type, offset, size));
            offset += size;
        }

        Assert.Equal("ftyp", boxes[0].Type);
        Assert.Contains("isom", Encoding.ASCII.GetString(bytes, 8, boxes[0].Size - 8));
        Assert.Single(boxes, box => box.Type == "moov");
        Assert.Single(boxes, box => box.Type == "mdat");
        var padding = boxes[^1];
        Assert.Equal("free", padding.Type);
        Assert.Equal(bytes.Length, padding.Offset + padding.Size);
        Assert.Equal(runId + "\n", Encoding.ASCII.GetString(bytes, padding.Offset + 8, runId.Length + 1));
    }

    [Fact]
    public async Task Any_authorization_header_is_refused_and_counted()
    {
        var (api, _, video) = await SucceededRunAsync();
        await using var _ = api;
        using var files = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, video);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.Emulator.ApiKey);

        var response = await files.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("InvalidArgument", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, api.Emulator.GetStats().AuthorizationHeadersOnFileOrigin);
    }

    [Fact]
    public async Task Expired_and_tampered_links_get_403_and_a_fresh_read_signs_a_new_link()
    {
        var (api, runId, video) = await SucceededRunAsync(options =>
        {
            options.UrlTtlSeconds = 1;
            (options.QueuedMs, options.DispatchingMs, options.RunningMs) = (0, 0, 0);
        }, fakeClock: true);
        await using var _ = api;
        using var files = new HttpClient();
        var tampered = new Uri(video.ToString().Replace("X-Amz-Signature=", "X-Amz-Signature=0"));

        var forged = await files.GetAsync(tampered);
        api.Advance(1000);
        var lastMoment = await files.GetAsync(video);
        api.Advance(1);
        var expired = await files.GetAsync(video);
        var fresh = new Uri((await api.SendAsync(HttpMethod.Get, "/v1/runs/" + runId)).Body!["output"]!["outputs"]![0]!["url"]!.GetValue<string>());
        var renewed = await files.GetAsync(fresh);

        Assert.Equal(403, (int)forged.StatusCode);
        Assert.Equal(200, (int)lastMoment.StatusCode);
        Assert.Equal(403, (int)expired.StatusCode);
        Assert.Contains("Request has expired", await expired.Content.ReadAsStringAsync());
        Assert.Equal(200, (int)renewed.StatusCode);
    }

    [Fact]
    public async Task Byte_ranges_are_served_and_unsatisfiable_ones_refused()
    {
        var (api, runId, video) = await SucceededRunAsync();
        await using var _ = api;
        using var files = new HttpClient();
        var whole = api.Emulator.GetVideoBytes(runId);

        using var middle = new HttpRequestMessage(HttpMethod.Get, video);
        middle.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await files.SendAsync(middle);
        using var tail = new HttpRequestMessage(HttpMethod.Get, video);
        tail.Headers.Range = new RangeHeaderValue(whole.Length - 10, null);
        var end = await files.SendAsync(tail);
        using var beyond = new HttpRequestMessage(HttpMethod.Get, video);
        beyond.Headers.Range = new RangeHeaderValue(whole.Length + 5, null);
        var refused = await files.SendAsync(beyond);

        Assert.Equal(206, (int)part.StatusCode);
        Assert.Equal(whole.AsSpan(100, 100).ToArray(), await part.Content.ReadAsByteArrayAsync());
        Assert.Equal(whole.Length, part.Content.Headers.ContentRange!.Length);
        Assert.Equal(whole.AsSpan(whole.Length - 10).ToArray(), await end.Content.ReadAsByteArrayAsync());
        Assert.Equal(416, (int)refused.StatusCode);
    }

    [Fact]
    public async Task A_truncated_download_declares_every_byte_but_delivers_fewer()
    {
        var (api, _, video) = await SucceededRunAsync(options => { options.VideoBytes = 200_000; options.FaultTruncateRate = 1; });
        await using var _ = api;
        using var files = new HttpClient();

        using var response = await files.GetAsync(video, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        long received = 0;
        var failure = await Record.ExceptionAsync(async () =>
        {
            for (var reads = 0; reads < 1000; reads++)
            {
                var count = await body.ReadAsync(buffer);
                if (count == 0)
                {
                    return;
                }

                received += count;
            }
        });

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(200_000, response.Content.Headers.ContentLength);
        Assert.NotNull(failure);
        Assert.InRange(received, 1, 199_999);
        Assert.Equal(1, api.Emulator.GetStats().Faults("truncated_download"));
    }

    [Fact]
    public async Task Head_answers_the_headers_of_the_whole_file_without_a_body()
    {
        var (api, runId, video) = await SucceededRunAsync(options => options.VideoBytes = 30_000);
        await using var _ = api;
        using var files = new HttpClient();

        using var head = await files.SendAsync(new HttpRequestMessage(HttpMethod.Head, video));
        using var get = await files.GetAsync(video);

        Assert.Equal(200, (int)head.StatusCode);
        Assert.Equal(30_000, head.Content.Headers.ContentLength);
        Assert.Equal("video/mp4", head.Content.Headers.ContentType!.MediaType);
        Assert.Equal("bytes", Assert.Single(head.Headers.AcceptRanges));
        Assert.Equal(head.Headers.ETag, get.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(30_000, api.Emulator.GetStats().FileBytesServed);
    }

    [Fact]
    public async Task Each_run_gets_its_own_file_and_a_url_for_another_path_is_refused()
    {
        await using var api = await RawApi.StartAsync();
        var first = await api.WaitTerminalAsync(await api.CreateAsync());
        var second = await api.WaitTerminalAsync(await api.CreateAsync());
        using var files = new HttpClient();
        var firstUrl = new Uri(RawApi.VideoUrl(first));
        var secondUrl = new Uri(RawApi.VideoUrl(second));

        var borrowed = await files.GetAsync(new Uri(secondUrl, firstUrl.AbsolutePath + secondUrl.Query));
        var unsigned = await files.GetAsync(new Uri(firstUrl, firstUrl.AbsolutePath));

        Assert.NotEqual(await files.GetByteArrayAsync(firstUrl), await files.GetByteArrayAsync(secondUrl));
        Assert.Equal(403, (int)borrowed.StatusCode);
        Assert.Equal(403, (int)unsigned.StatusCode);
    }

    [Fact]
    public async Task An_upload_with_an_authorization_header_or_the_wrong_size_is_refused()
    {
        await using var api = await RawApi.StartAsync();
        using var files = new HttpClient();
        var slot = await api.SendAsync(HttpMethod.Post, "/v1/asset-uploads", """{"filename":"a.png","mime_type":"image/png","size_bytes":4}""");
        var uploadUrl = slot.Body!["upload_url"]!.GetValue<string>();

        using var withKey = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = new ByteArrayContent(new byte[4]) };
        withKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.Emulator.ApiKey);
        var refused = await files.SendAsync(withKey);
        var shortBody = await files.PutAsync(uploadUrl, new ByteArrayContent(new byte[3]));
        var confirmed = await api.SendAsync(HttpMethod.Post, $"/v1/asset-uploads/{slot.Body["asset_id"]!.GetValue<string>()}/confirmations", "{}");

        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Equal(400, (int)shortBody.StatusCode);
        Assert.Equal(422, confirmed.Status);
        Assert.Equal(1, api.Emulator.GetStats().AuthorizationHeadersOnFileOrigin);
    }

    [Theory]
    [InlineData("""{"filename":"a.gif","mime_type":"image/gif","size_bytes":10}""", "mime_type")]
    [InlineData("""{"filename":"a.png","mime_type":"image/png","size_bytes":0}""", "size_bytes")]
    [InlineData("""{"filename":"a.png","mime_type":"image/png","size_bytes":"10"}""", "size_bytes")]
    [InlineData("""{"mime_type":"image/png","size_bytes":10}""", "filename")]
    public async Task Bad_upload_requests_are_422(string body, string field)
    {
        await using var api = await RawApi.StartAsync();

        var (status, error, _) = await api.SendAsync(HttpMethod.Post, "/v1/asset-uploads", body);

        Assert.Equal(422, status);
        Assert.Contains(field, RawApi.Strings(error!["errors"], "field"));
    }

    [Fact]
    public async Task Assets_go_through_the_three_step_presigned_upload()
    {
        await using var api = await RawApi.StartAsync();
        using var files = new HttpClient();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 9, 9, 9 };

        var slot = await api.SendAsync(HttpMethod.Post, "/v1/asset-uploads", """{"filename":"first frame (1).png","mime_type":"image/png","size_bytes":7}""");
        var id = slot.Body!["asset_id"]!.GetValue<string>();
        var early = await api.SendAsync(HttpMethod.Post, $"/v1/asset-uploads/{id}/confirmations", "{}");
        var put = await files.PutAsync(slot.Body["upload_url"]!.GetValue<string>(), new ByteArrayContent(png));
        var confirmed = await api.SendAsync(HttpMethod.Post, $"/v1/asset-uploads/{id}/confirmations", "{}");
        var downloaded = await files.GetByteArrayAsync(confirmed.Body!["url"]!.GetValue<string>());
        var (_, fetched, _) = await api.SendAsync(HttpMethod.Get, "/v1/assets/" + id);
        var tooBig = await api.SendAsync(HttpMethod.Post, "/v1/asset-uploads", """{"filename":"big.png","mime_type":"image/png","size_bytes":52428801}""");

        Assert.Equal(201, slot.Status);
        Assert.Equal(422, early.Status);
        Assert.Equal(200, (int)put.StatusCode);
        Assert.Equal(201, confirmed.Status);
        Assert.Equal(png, downloaded);
        Assert.Equal("first frame (1).png", confirmed.Body["name"]!.GetValue<string>());
        Assert.Equal("image/png", confirmed.Body["mime_type"]!.GetValue<string>());
        Assert.Equal(7, confirmed.Body["size_bytes"]!.GetValue<long>());
        Assert.Equal(id, fetched!["id"]!.GetValue<string>());
        Assert.StartsWith(api.Emulator.FileUrl.ToString(), fetched["url"]!.GetValue<string>());
        Assert.Equal(422, tooBig.Status);
    }
}
