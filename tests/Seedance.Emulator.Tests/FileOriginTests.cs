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

    private static async Task<(RawApi Api, string RunId, Uri Video)> SucceededRunAsync(Action<EmulatorOptions>? configure = null)
    {
        var api = await RawApi.StartAsync(configure);
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
        var boxes = new List<string>();
        for (long offset = 0; offset < bytes.Length;)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)offset, 4));
            boxes.Add(Encoding.ASCII.GetString(bytes, (int)offset + 4, 4));
            Assert.True(size >= 8 && offset + size <= bytes.Length, $"box {boxes[^1]} at {offset} has size {size}");
            offset += size;
        }

        Assert.Equal("ftyp", boxes[0]);
        Assert.Contains("moov", boxes);
        Assert.Contains("mdat", boxes);
        Assert.Equal("free", boxes[^1]);
        Assert.Contains("seedance-emulator run " + runId, Encoding.ASCII.GetString(bytes));
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
        var (api, runId, video) = await SucceededRunAsync(options => options.UrlTtlSeconds = 1);
        await using var _ = api;
        using var files = new HttpClient();
        var tampered = new Uri(video.ToString().Replace("X-Amz-Signature=", "X-Amz-Signature=0"));

        var forged = await files.GetAsync(tampered);
        await Task.Delay(2100);
        var expired = await files.GetAsync(video);
        var fresh = new Uri((await api.SendAsync(HttpMethod.Get, "/v1/runs/" + runId)).Body!["output"]!["outputs"]![0]!["url"]!.GetValue<string>());
        var renewed = await files.GetAsync(fresh);

        Assert.Equal(403, (int)forged.StatusCode);
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
        var (api, runId, video) = await SucceededRunAsync(options => { options.VideoBytes = 200_000; options.FaultTruncateRate = 1; });
        await using var _ = api;
        using var files = new HttpClient();

        var failure = await Record.ExceptionAsync(() => files.GetByteArrayAsync(video));

        Assert.NotNull(failure);
        Assert.Equal(1, api.Emulator.GetStats().Faults("truncated_download"));
    }

    [Fact]
    public async Task Assets_go_through_the_three_step_presigned_upload()
    {
        await using var api = await RawApi.StartAsync();
        using var files = new HttpClient();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 9, 9, 9 };

        var slot = await api.SendAsync(HttpMethod.Post, "/v1/asset-uploads", """{"filename":"frame.png","mime_type":"image/png","size_bytes":7}""");
        var id = slot.Body!["asset_id"]!.GetValue<string>();
        var early = await api.SendAsync(HttpMethod.Post, $"/v1/asset-uploads/{id}/confirmations", "{}");
        var put = await files.PutAsync(slot.Body["upload_url"]!.GetValue<string>(), new ByteArrayContent(png));
        var confirmed = await api.SendAsync(HttpMethod.Post, $"/v1/asset-uploads/{id}/confirmations", "{}");
        var downloaded = await files.GetByteArrayAsync(confirmed.Body!["url"]!.GetValue<string>());
        var tooBig = await api.SendAsync(HttpMethod.Post, "/v1/asset-uploads", """{"filename":"big.png","mime_type":"image/png","size_bytes":52428801}""");

        Assert.Equal(201, slot.Status);
        Assert.Equal(422, early.Status);
        Assert.Equal(200, (int)put.StatusCode);
        Assert.Equal(201, confirmed.Status);
        Assert.Equal(png, downloaded);
        Assert.Equal(422, tooBig.Status);
    }
}
