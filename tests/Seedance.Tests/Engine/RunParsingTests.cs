using System;
using System.Linq;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

public class RunParsingTests
{
    [Theory]
    [InlineData("queued", RunStatus.Queued, false)]
    [InlineData("dispatching", RunStatus.Dispatching, false)]
    [InlineData("running", RunStatus.Running, false)]
    [InlineData("succeeded", RunStatus.Succeeded, true)]
    [InlineData("failed", RunStatus.Failed, true)]
    [InlineData("canceled", RunStatus.Canceled, true)]
    [InlineData("cancelled", RunStatus.Canceled, true)]
    [InlineData("partial_succeeded", RunStatus.PartialSucceeded, true)]
    [InlineData("expired_in_2027", RunStatus.Unknown, false)]
    public void Every_documented_status_and_spelling_is_read_and_unknown_ones_are_kept(string code, RunStatus expected, bool terminal)
    {
        var run = Run.Parse($"{{\"id\":\"r1\",\"status_code\":\"{code}\"}}");

        Assert.Equal(expected, run.Status);
        Assert.Equal(code, run.StatusCode);
        Assert.Equal(terminal, run.IsTerminal);
    }

    [Fact]
    public void The_full_documented_run_object_is_read()
    {
        const string json = """
        {"id":"0190b6a4-7f7e-7a2b-9f51-1b2c3d4e5f60","status_code":"succeeded","model_id":"5f0c0000-0000-0000-0000-000000000001",
         "target_type":"model","org_id":"o1","source_code":"api","input":{"prompt":"A street musician","duration":"10","generate_audio":true},
         "output":{"outputs":[{"url":"https://bucket.s3.amazonaws.com/outputs/v.mp4?X-Amz-Signature=abc","type":"video","width":1280,"height":720,"duration":10.0}],
                   "seed":12345,"timing":null,"nsfw_detected":false},
         "duration_ms":102345,"cost":"3.034","cost_breakdown":{"seconds":10},"nodes_total":1,"nodes_completed":1,"batch_id":null,
         "client_ref":"row-1","request_id":"req-9","created_at":"2026-05-06T10:00:00.000+00:00","started_at":"2026-05-06T10:00:05+00:00",
         "completed_at":"2026-05-06T10:01:42.000+00:00","callback_url":"https://hooks.example/cb","metadata":{"campaign":"spring"},
         "has_logs":false,"has_node_runs":true}
        """;

        var run = Run.Parse(json);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal("A street musician", run.Input["prompt"]);
        Assert.Equal(true, run.Input["generate_audio"]);
        Assert.Equal(3.034m, run.Cost);
        Assert.Equal(102345, run.DurationMs);
        Assert.Equal("row-1", run.ClientRef);
        Assert.Equal("spring", run.Metadata!["campaign"]);
        Assert.Equal(new DateTimeOffset(2026, 5, 6, 10, 1, 42, TimeSpan.Zero), run.CompletedAt);
        var file = Assert.Single(run.Output!.Files);
        Assert.Equal("video", file.Type);
        Assert.Equal(1280, file.Width);
        Assert.Equal(10.0, file.DurationSeconds);
        Assert.Equal("12345", run.Output.Seed);
        Assert.Contains("has_node_runs", run.PresentFields);
        Assert.True(run.HasNodeRuns);
    }

    [Theory]
    [InlineData("failure_stage_code")]
    [InlineData("failure_stage")]
    public void Both_failure_stage_field_names_are_read(string field)
    {
        var run = Run.Parse($"{{\"id\":\"r\",\"status_code\":\"failed\",\"failure_code\":\"INPUT_VALIDATION_FAILED\",\"failure_message\":\"too big\",\"{field}\":\"preprocess\"}}");

        Assert.Equal("preprocess", run.FailureStage);
        Assert.Equal("INPUT_VALIDATION_FAILED", run.FailureCode);
        Assert.Equal("too big", run.FailureMessage);
    }

    [Fact]
    public void The_sdk_curated_names_are_read_when_the_api_reference_names_are_absent()
    {
        var run = Run.Parse("{\"id\":\"r\",\"status_code\":\"failed\",\"model\":\"bytedance/seedance/2.0/text-to-video\",\"finished_at\":\"2026-01-02T03:04:05Z\",\"error\":{\"code\":\"PROVIDER_ERROR\",\"message\":\"boom\"}}");

        Assert.Equal("bytedance/seedance/2.0/text-to-video", run.Model);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), run.CompletedAt);
        Assert.Equal("PROVIDER_ERROR", run.FailureCode);
        Assert.Equal("boom", run.FailureMessage);
    }

    [Theory]
    [InlineData("{\"outputs\":[{\"url\":\"https://f/v.mp4\",\"type\":\"video\"}]}", "video")]
    [InlineData("{\"video\":{\"url\":\"https://f/v.mp4\"}}", "video")]
    [InlineData("{\"video\":\"https://f/v.mp4\"}", "video")]
    [InlineData("{\"video_url\":\"https://f/v.mp4\"}", "video")]
    [InlineData("{\"image_urls\":[\"https://f/v.mp4\"]}", "image")]
    [InlineData("{\"url\":\"https://f/v.mp4\"}", null)]
    [InlineData("{\"output_url\":\"https://f/v.mp4\"}", null)]
    public void Every_documented_output_shape_yields_the_file(string output, string? type)
    {
        var run = Run.Parse("{\"id\":\"r\",\"status_code\":\"succeeded\",\"output\":" + output + "}");

        var file = Assert.Single(run.Output!.Files);
        Assert.Equal("https://f/v.mp4", file.Url.ToString());
        Assert.Equal(type, file.Type);
    }

    [Theory]
    [InlineData("{\"outputs\":[{\"url\":\"https://f/cover.png\",\"type\":\"image\"},{\"url\":\"https://f/v.mp4\",\"type\":\"VIDEO\"}]}", 1)]
    [InlineData("{\"outputs\":[\"https://f/v.mp4\",\"https://f/w.mp4\"]}", 0)]
    [InlineData("{\"outputs\":[]}", null)]
    public void The_video_is_the_first_output_typed_video_else_the_first_output(string output, int? index)
    {
        var files = Run.Parse("{\"id\":\"r\",\"status_code\":\"succeeded\",\"output\":" + output + "}").Output!;

        Assert.Equal(index, files.VideoIndex);
        Assert.Equal(index is { } found ? files.Files[found] : null, files.Video);
    }

    [Fact]
    public void A_field_of_the_wrong_kind_gives_way_to_its_other_spelling()
    {
        var run = Run.Parse("{\"id\":\"r\",\"status_code\":{\"x\":1},\"status\":\"failed\",\"completed_at\":null,\"finished_at\":\"2026-05-06T10:01:42Z\","
                            + "\"cost\":\"n/a\",\"duration_ms\":\"1500\",\"has_logs\":\"true\"}");

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(new DateTimeOffset(2026, 5, 6, 10, 1, 42, TimeSpan.Zero), run.CompletedAt);
        Assert.Null(run.Cost);
        Assert.Equal("n/a", run.CostRaw);
        Assert.Equal(1500, run.DurationMs);
        Assert.True(run.HasLogs);
    }

    [Theory]
    [InlineData("\"0.55\"")]
    [InlineData("0.55")]
    public void Cost_is_read_from_a_decimal_string_or_a_number(string cost)
    {
        Assert.Equal(0.55m, Run.Parse("{\"id\":\"r\",\"cost\":" + cost + "}").Cost);
    }

    [Fact]
    public void A_missing_output_or_id_is_handled_clearly()
    {
        Assert.Null(Run.Parse("{\"id\":\"r\",\"status_code\":\"succeeded\"}").Output);
        Assert.Throws<RunflowProtocolException>(() => Run.Parse("{\"status_code\":\"succeeded\"}"));
        Assert.Throws<RunflowProtocolException>(() => Run.Parse("{\"id\":\"r\",\"status_code\":"));
        Assert.Throws<RunflowProtocolException>(() => Run.Parse("[1,2]"));
    }

    [Fact]
    public void No_public_member_exposes_a_System_Text_Json_type()
    {
        var leaks = typeof(Run).Assembly.GetExportedTypes()
            .SelectMany(type => type.GetMembers().Select(member => (type, member)))
            .Where(pair => pair.member switch
            {
                System.Reflection.PropertyInfo property => property.PropertyType.Namespace?.StartsWith("System.Text.Json") == true,
                System.Reflection.MethodInfo method => method.ReturnType.Namespace?.StartsWith("System.Text.Json") == true
                    || method.GetParameters().Any(parameter => parameter.ParameterType.Namespace?.StartsWith("System.Text.Json") == true),
                _ => false,
            })
            .Select(pair => pair.type.Name + "." + pair.member.Name)
            .ToList();

        Assert.Empty(leaks);
    }
}
