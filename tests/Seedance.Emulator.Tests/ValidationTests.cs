using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>Strict validation as runflow-api.md documents each field: a bad body is 422 naming the field, and creates nothing.</summary>
public class ValidationTests
{
    public static TheoryData<string, string, string> InvalidRunBodies => new()
    {
        // path, body, the field the 422 names
        { RawApi.TextToVideo, """{"input":{"prompt":"x","duration":5}}""", "input.duration" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","duration":"3"}}""", "input.duration" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","duration":"16"}}""", "input.duration" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","duration":"5s"}}""", "input.duration" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","duration":null}}""", "input.duration" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","aspect_ratio":"16x9"}}""", "input.aspect_ratio" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","aspect_ratio":"2:1"}}""", "input.aspect_ratio" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","resolution":"4k"}}""", "input.resolution" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","resolution":"720P"}}""", "input.resolution" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","generate_audio":"yes"}}""", "input.generate_audio" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","generate_audio":1}}""", "input.generate_audio" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","seed":7}}""", "input.seed" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","end_user_id":42}}""", "input.end_user_id" },
        { RawApi.TextToVideo, """{"input":{"prompt":""}}""", "input.prompt" },
        { RawApi.TextToVideo, """{"input":{"prompt":"   "}}""", "input.prompt" },
        { RawApi.TextToVideo, """{"input":{"prompt":12}}""", "input.prompt" },
        { RawApi.TextToVideo, """{"input":{"duration":"5"}}""", "input.prompt" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","image_url":"https://a.test/x.png"}}""", "input.image_url" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","end_image_url":"https://a.test/x.png"}}""", "input.end_image_url" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x","colour":"red"}}""", "input.colour" },
        { RawApi.TextToVideo, """{"prompt":"x"}""", "input" },
        { RawApi.TextToVideo, """{"input":"x"}""", "input" },
        { RawApi.TextToVideo, """{"input":null}""", "input" },
        { RawApi.TextToVideo, """[]""", "body" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x"},"callback_url":"ftp://a.test/hook"}""", "callback_url" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x"},"callback_url":"/relative/hook"}""", "callback_url" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x"},"callback_url":42}""", "callback_url" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x"},"callback_url":"https://a.test/""" + new string('a', 2040) + "\"}", "callback_url" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x"},"metadata":"text"}""", "metadata" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x"},"metadata":[1]}""", "metadata" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x"},"client_ref":5}""", "client_ref" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x"},"client_ref":""" + "\"" + new string('r', 256) + "\"}", "client_ref" },
        { RawApi.TextToVideo, """{"input":{"prompt":"x"},"webhook":"https://a.test"}""", "webhook" },
        { RawApi.ImageToVideo, """{"input":{"prompt":"x"}}""", "input.image_url" },
        { RawApi.ImageToVideo, """{"input":{"prompt":"x","image_url":"ftp://a.test/x.png"}}""", "input.image_url" },
        { RawApi.ImageToVideo, """{"input":{"prompt":"x","image_url":"not a url"}}""", "input.image_url" },
        { RawApi.ImageToVideo, """{"input":{"prompt":"x","image_url":"runflow://assets/0190b6a4-0000-7000-8000-000000000000"}}""", "input.image_url" },
        { RawApi.ImageToVideo, """{"input":{"prompt":"x","image_url":"https://a.test/x.png","end_image_url":3}}""", "input.end_image_url" },
        { RawApi.FastImageToVideo, """{"input":{"image_url":"https://a.test/x.png"}}""", "input.prompt" },
    };

    [Theory]
    [MemberData(nameof(InvalidRunBodies))]
    public async Task An_invalid_create_is_422_naming_the_field_and_creates_nothing(string path, string body, string field)
    {
        await using var api = await RawApi.StartAsync();

        var (status, error, _) = await api.PostAsync(path, body);

        Assert.Equal(422, status);
        Assert.Equal("VALIDATION_ERROR", error!["code"]!.GetValue<string>());
        Assert.Contains(field, RawApi.Strings(error["errors"], "field"));
        Assert.All(error["errors"]!.AsArray(), item => Assert.False(string.IsNullOrEmpty(item!["message"]!.GetValue<string>())));
        Assert.Equal(0, api.Emulator.GetStats().RunsCreated);
    }

    public static TheoryData<string, string> ValidRunBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var duration in new[] { "auto" }.Concat(Enumerable.Range(4, 12).Select(seconds => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            data.Add(RawApi.TextToVideo, $$$"""{"input":{"prompt":"x","duration":"{{{duration}}}"}}""");
        }

        foreach (var ratio in new[] { "auto", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16" })
        {
            data.Add(RawApi.FastTextToVideo, $$$"""{"input":{"prompt":"x","aspect_ratio":"{{{ratio}}}"}}""");
        }

        foreach (var resolution in new[] { "480p", "720p", "1080p" })
        {
            data.Add(RawApi.TextToVideo, $$$"""{"input":{"prompt":"x","resolution":"{{{resolution}}}"}}""");
        }

        data.Add(RawApi.TextToVideo, """{"input":{"prompt":"x","generate_audio":false,"seed":"42","end_user_id":"user-7"},"metadata":null,"callback_url":null,"client_ref":null}""");
        data.Add(RawApi.ImageToVideo, """{"input":{"prompt":"x","image_url":"https://a.test/x.png","end_image_url":"http://a.test/y.webp"}}""");
        data.Add(RawApi.ImageToVideo, """{"input":{"prompt":"x","image_url":"data:image/png;base64,iVBORw0KGgo="}}""");
        data.Add(RawApi.FastImageToVideo, """{"input":{"prompt":"x","image_url":"https://a.test/x.png","aspect_ratio":"auto","duration":"auto"}}""");
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidRunBodies))]
    public async Task Every_documented_value_is_accepted(string path, string body)
    {
        await using var api = await RawApi.StartAsync();

        var (status, run, _) = await api.PostAsync(path, body);

        Assert.True(status == 201, run?.ToJsonString());
        Assert.Equal(JsonNode.Parse(body)!["input"]!.ToJsonString(), run!["input"]!.ToJsonString());
    }

    [Theory]
    [InlineData("{\"input\":")]
    [InlineData("{\"input\":{\"prompt\":\"x\"}} trailing")]
    [InlineData("{\"input\":{\"prompt\":\"x\",\"prompt\":\"y\"}}")]
    public async Task Malformed_json_is_400(string body)
    {
        await using var api = await RawApi.StartAsync();

        var (status, error, _) = await api.PostAsync(RawApi.TextToVideo, body);

        Assert.Equal(400, status);
        Assert.Equal("BAD_REQUEST", error!["code"]!.GetValue<string>());
        Assert.Equal(0, api.Emulator.GetStats().RunsCreated);
    }

    [Theory]
    [InlineData("/v1/models/bytedance/seedance/1.0/text-to-video/runs")]
    [InlineData("/v1/models/bytedance/nothing/runs")]
    [InlineData("/v1/models/bytedance/seedance/2.0/reference-to-video/runs")]
    public async Task Unknown_models_are_404_model_not_found(string path)
    {
        await using var api = await RawApi.StartAsync();

        var (status, error, _) = await api.PostAsync(path, RawApi.ValidBody);

        Assert.Equal(404, status);
        Assert.Equal("MODEL_NOT_FOUND", error!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Percent_encoded_model_segments_name_the_same_model()
    {
        await using var api = await RawApi.StartAsync();

        var (status, _, _) = await api.PostAsync("/v1/models/bytedance/seedance/2%2E0/text-to-video/runs", RawApi.ValidBody);

        Assert.Equal(201, status);
    }

    [Fact]
    public async Task Every_problem_in_a_body_is_reported_at_once()
    {
        await using var api = await RawApi.StartAsync();

        var (_, error, _) = await api.PostAsync(RawApi.TextToVideo, """{"input":{"prompt":"","duration":5,"resolution":"8k"},"client_ref":1}""");

        Assert.Equal(new[] { "client_ref", "input.duration", "input.prompt", "input.resolution" }, RawApi.Strings(error!["errors"], "field").OrderBy(field => field, StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_uploaded_asset_reference_is_accepted_once_confirmed()
    {
        await using var api = await RawApi.StartAsync();
        using var files = new HttpClient();
        var slot = await api.PostAsync("/v1/asset-uploads", """{"filename":"frame.png","mime_type":"image/png","size_bytes":3}""");
        var assetId = slot.Body!["asset_id"]!.GetValue<string>();
        var body = $$$"""{"input":{"prompt":"x","image_url":"runflow://assets/{{{assetId}}}"}}""";

        var before = await api.PostAsync(RawApi.ImageToVideo, body);
        await files.PutAsync(slot.Body["upload_url"]!.GetValue<string>(), new ByteArrayContent(new byte[] { 1, 2, 3 }));
        await api.PostAsync($"/v1/asset-uploads/{assetId}/confirmations", "{}");
        var after = await api.PostAsync(RawApi.ImageToVideo, body);

        Assert.Equal(422, before.Status);
        Assert.Equal(201, after.Status);
        // The read path re-signs the reference to an HTTPS URL on the file origin; the bytes are the ones uploaded.
        var read = await api.GetAsync("/v1/runs/" + after.Body!["id"]!.GetValue<string>());
        var signed = read.Body!["input"]!["image_url"]!.GetValue<string>();
        Assert.StartsWith("http", signed);
        Assert.Contains("X-Amz-Signature=", signed);
        Assert.Equal(new byte[] { 1, 2, 3 }, await files.GetByteArrayAsync(signed));
    }

    [Theory]
    [InlineData("detail")]
    [InlineData("nested")]
    public async Task The_other_error_envelopes_carry_the_same_facts(string style)
    {
        await using var api = await RawApi.StartAsync(options => options.ErrorStyle = style);

        var invalid = await api.PostAsync(RawApi.TextToVideo, """{"input":{"prompt":"x","duration":5}}""");
        var missing = await api.GetAsync("/v1/runs/" + Guid.NewGuid());

        Assert.Equal(422, invalid.Status);
        Assert.Equal(404, missing.Status);
        if (style == "detail")
        {
            var item = invalid.Body!["detail"]![0]!;
            Assert.Equal(new[] { "body", "input", "duration" }, item["loc"]!.AsArray().Select(part => part!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(item["msg"]!.GetValue<string>()));
            Assert.Equal(System.Text.Json.JsonValueKind.String, missing.Body!["detail"]!.GetValueKind());
        }
        else
        {
            Assert.Equal("VALIDATION_ERROR", invalid.Body!["error"]!["code"]!.GetValue<string>());
            Assert.Equal("RUN_NOT_FOUND", missing.Body!["error"]!["code"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(missing.Body["error"]!["message"]!.GetValue<string>()));
        }
    }
}
