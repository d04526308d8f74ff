using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

public class SecurityTests
{
    [Fact]
    public void The_key_is_masked_everywhere_it_could_be_printed()
    {
        var key = new ApiKey(FakeApi.Key);
        var options = FakeApi.Options();

        Assert.Equal("rf_live_****", key.Masked);
        Assert.DoesNotContain(FakeApi.Key, key.ToString());
        Assert.DoesNotContain(FakeApi.Key, options.ToString());
        Assert.DoesNotContain("SECRETKEY", new ApiKey("shortSECRETKEY").Masked);
    }

    [Theory]
    [InlineData("http://api.example.test", false)]
    [InlineData("http://127.0.0.1:8787", true)]
    [InlineData("http://localhost:8787", true)]
    [InlineData("http://[::1]:8787", true)]
    [InlineData("https://api.example.test", true)]
    public void Plain_http_is_refused_unless_it_is_loopback(string baseUrl, bool accepted)
    {
        var options = FakeApi.Options(baseUrl);

        if (accepted)
        {
            options.Validate();
        }
        else
        {
            var failure = Assert.Throws<RunflowConfigurationException>(options.Validate);
            Assert.Contains("unencrypted", failure.Message);
            options.AllowInsecureHttp = true;
            options.Validate();
        }
    }

    [Fact]
    public async Task Authorization_follows_a_redirect_only_on_the_api_origin()
    {
        var api = new FakeApi((request, count) => count switch
        {
            1 => Redirect("https://api.example.test/v1/runs/r2"),
            2 => Redirect("https://elsewhere.example.test/v1/runs/r3"),
            _ => FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson("r3")),
        });
        using var client = api.Client();

        await client.GetRunAsync("r1");

        var requests = api.Requests.ToList();
        Assert.NotNull(requests[0].Header("Authorization"));
        Assert.NotNull(requests[1].Header("Authorization"));
        Assert.Null(requests[2].Header("Authorization"));
        Assert.Equal("elsewhere.example.test", requests[2].Uri.Host);
    }

    [Fact]
    public async Task Authorization_does_not_come_back_once_a_redirect_chain_left_the_api_origin()
    {
        var api = new FakeApi((request, count) => count switch
        {
            1 => Redirect("https://elsewhere.example.test/hop"),
            2 => Redirect("https://api.example.test/v1/runs/r2"),
            _ => FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson("r2")),
        });
        using var client = api.Client();

        await client.GetRunAsync("r1");

        var requests = api.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.NotNull(requests[0].Header("Authorization"));
        Assert.Null(requests[1].Header("Authorization"));
        Assert.Equal("api.example.test", requests[2].Uri.Host);
        Assert.Null(requests[2].Header("Authorization"));
    }

    [Fact]
    public async Task Presigned_uploads_and_downloads_never_carry_the_key_even_on_the_api_host()
    {
        var directory = Path.Combine(Path.GetTempPath(), "seedance-presigned-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var image = Path.Combine(directory, "frame.png");
            File.WriteAllBytes(image, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D });
            var api = new FakeApi((request, _) => request.Uri.AbsolutePath switch
            {
                "/v1/asset-uploads" => FakeApi.Json(HttpStatusCode.OK,
                    "{\"asset_id\":\"a1\",\"upload_url\":\"https://api.example.test/presigned/a1?X-Amz-Signature=s\"}"),
                "/presigned/a1" => new HttpResponseMessage(HttpStatusCode.OK),
                "/v1/asset-uploads/a1/confirmations" => FakeApi.Json(HttpStatusCode.OK, "{\"id\":\"a1\",\"size_bytes\":4}"),
                "/files/v.mp4" => Redirect("https://api.example.test/files/moved.mp4"),
                "/files/moved.mp4" => FakeApi.Bytes(HttpStatusCode.OK, new byte[] { 1, 2, 3 }),
                _ => throw new InvalidOperationException(request.Uri.ToString()),
            });
            using var client = api.Client();

            await client.UploadAssetAsync(image);
            await client.DownloadOutputAsync(new DownloadRequest
            {
                Run = Run.Parse(FakeApi.RunJson("r1", "succeeded", videoUrl: "https://api.example.test/files/v.mp4")),
                DestinationPath = Path.Combine(directory, "v.mp4"),
            });

            var presigned = api.Requests.Where(request => !request.Uri.AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
            Assert.Equal(new[] { "PUT", "GET", "GET" }, presigned.Select(request => request.Method));
            Assert.All(presigned, request => Assert.Null(request.Header("Authorization")));
            Assert.All(api.Requests.Except(presigned), request => Assert.NotNull(request.Header("Authorization")));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public async Task The_key_never_appears_in_exception_text_even_when_the_server_echoes_it()
    {
        var api = new FakeApi((request, _) => FakeApi.Json(HttpStatusCode.Unauthorized,
            "{\"code\":\"UNAUTHORIZED\",\"message\":\"key " + FakeApi.Key + " is revoked\"}"));
        using var client = api.Client();

        var failures = new List<Exception>
        {
            await Assert.ThrowsAsync<RunflowApiException>(() => client.GetRunAsync("r1")),
            await Assert.ThrowsAsync<RunflowApiException>(() => client.GetBalanceAsync()),
        };

        foreach (var failure in failures)
        {
            Assert.DoesNotContain(FakeApi.Key, failure.ToString());
            Assert.DoesNotContain(FakeApi.Key, ((RunflowApiException)failure).Error.Message);
        }
    }

    [Fact]
    public async Task Per_call_headers_stay_on_requests_not_on_the_shared_client()
    {
        var api = new FakeApi((request, _) => request.Method == "POST"
            ? FakeApi.Json(HttpStatusCode.Created, FakeApi.RunJson("r1"))
            : FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson("r1")));
        var options = FakeApi.Options();
        options.OrganizationId = "org-42";
        using var client = api.Client(options);
        using var submitter = new Submitter(client);

        await submitter.SubmitAsync(new CreateRunRequest { Input = new Dictionary<string, object?> { ["prompt"] = "x" } });
        await client.GetRunAsync("r1");

        var requests = api.Requests.ToList();
        Assert.NotNull(requests[0].Header("Idempotency-Key"));
        Assert.Null(requests[1].Header("Idempotency-Key"));
        Assert.All(requests, request => Assert.Equal("org-42", request.Header("X-Organization-Id")));
    }

    [Theory]
    [InlineData("bytedance/seedance/2.0/text-to-video", "bytedance/seedance/2.0/text-to-video")]
    [InlineData("/owner/model name/", "owner/model%20name")]
    public void Model_paths_are_encoded_segment_by_segment(string model, string expected)
    {
        Assert.Equal(expected, RunflowClient.EncodeModelPath(model));
    }

    [Theory]
    [InlineData("bytedance")]
    [InlineData("bytedance//text-to-video")]
    [InlineData("bytedance/../admin")]
    [InlineData("bytedance/./x")]
    public void Model_paths_that_could_address_another_route_are_refused(string model)
    {
        Assert.Throws<RunflowValidationException>(() => RunflowClient.EncodeModelPath(model));
    }

    [Theory]
    [InlineData("../admin")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Run_ids_with_slashes_are_refused_before_any_request(string runId)
    {
        var api = new FakeApi((request, _) => throw new InvalidOperationException("nothing should be sent"));
        using var client = api.Client();

        await Assert.ThrowsAsync<RunflowValidationException>(() => client.GetRunAsync(runId));
        Assert.Empty(api.Requests);
    }

    private static HttpResponseMessage Redirect(string location)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
        response.Headers.Location = new Uri(location);
        return response;
    }
}
