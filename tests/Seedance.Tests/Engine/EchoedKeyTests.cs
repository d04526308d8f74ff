using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>A gateway that echoes the key puts it nowhere: not in a request id, code, message, field error, failure
/// message or a run's own JSON, even when the echo hides the key behind JSON escapes.</summary>
public sealed class EchoedKeyTests
{
    private const string Key = FakeApi.Key;

    // "rf_live_..." with its first letter written as a JSON escape: a plain text replace does not see it.
    private static readonly string EscapedKey = "\\u0072" + Key.Substring(1);

    [Fact]
    public async Task An_error_answer_that_echoes_the_key_everywhere_leaves_it_in_no_member_of_the_exception()
    {
        var api = new FakeApi((_, _) => FakeApi.Json(HttpStatusCode.UnprocessableEntity,
            "{\"code\":\"BAD_" + Key + "\",\"message\":\"token " + EscapedKey + " refused\",\"request_id\":\"req-" + Key + "\"," +
            "\"errors\":[{\"field\":\"input." + Key + "\",\"message\":\"saw " + EscapedKey + "\",\"code\":\"" + Key + "\"}]}",
            response => response.Headers.TryAddWithoutValidation("X-Request-Id", "hdr-" + Key)));
        using var client = api.Client();

        var failure = await Assert.ThrowsAsync<RunflowApiException>(() => client.GetRunAsync("r1"));

        var texts = new[] { failure.ToString(), failure.Message, failure.RequestId, failure.ErrorCode, failure.Error.Message }
            .Concat(failure.FieldErrors.SelectMany(field => new[] { field.Field, field.Message, field.Code, field.ToString() }));
        Assert.All(texts, text => Assert.DoesNotContain(Key.Substring(1), text ?? string.Empty));
        Assert.Equal("hdr-rf_live_****", failure.RequestId);
        Assert.Contains("rf_live_****", failure.Message);
    }

    [Fact]
    public async Task A_request_id_read_from_the_body_is_masked_too()
    {
        var api = new FakeApi((_, _) => FakeApi.Json(HttpStatusCode.NotFound, "{\"code\":\"RUN_NOT_FOUND\",\"message\":\"no\",\"request_id\":\"req-" + EscapedKey + "\"}"));
        using var client = api.Client();

        var failure = await Assert.ThrowsAsync<RunflowApiException>(() => client.GetRunAsync("r1"));

        Assert.Equal("req-rf_live_****", failure.RequestId);
    }

    [Fact]
    public async Task A_run_that_echoes_the_key_keeps_its_video_link_but_not_the_key()
    {
        const string video = "https://files.example.test/v.mp4?X-Amz-Signature=abc123&X-Amz-Expires=600";
        var api = new FakeApi((_, _) => FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson("r1", "failed", clientRef: "ref-" + Key, videoUrl: video,
            extra: ",\"failure_code\":\"E_" + Key + "\",\"failure_message\":\"gateway saw " + EscapedKey + "\",\"request_id\":\"" + Key + "\"")));
        using var client = api.Client();

        var run = await client.GetRunAsync("r1");

        Assert.All(new[] { run.FailureMessage, run.FailureCode, run.RequestId, run.ClientRef, run.RawJson },
            text => Assert.DoesNotContain(Key.Substring(1), text ?? string.Empty));
        Assert.Equal("gateway saw rf_live_****", run.FailureMessage);
        Assert.Equal(video, run.Output!.Files.Single().Url!.ToString());
    }

    [Theory]
    [InlineData("http://user:hunter2@proxy.example.test:3128/", "http://user:****@proxy.example.test:3128/")]
    [InlineData("http://user@proxy.example.test:3128/", "http://user@proxy.example.test:3128/")]
    [InlineData("http://proxy.example.test:3128/", "http://proxy.example.test:3128/")]
    public void A_proxy_password_is_masked_and_the_user_kept(string proxy, string shown) =>
        Assert.Equal(shown, Secrets.WithoutPassword(new Uri(proxy)).ToString());

    [Fact]
    public void A_proxy_password_in_a_failure_message_is_masked()
    {
        var scrubbed = Secrets.Scrub("The proxy tunnel request to proxy 'http://user:hunter2@proxy.example.test:3128/' failed with status code '407'.", null);

        Assert.Equal("The proxy tunnel request to proxy 'http://user:****@proxy.example.test:3128/' failed with status code '407'.", scrubbed);
    }
}
