using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

public class EnvelopeParsingTests
{
    [Fact]
    public void The_documented_error_envelope_is_read_with_field_errors()
    {
        var error = ApiError.Parse("{\"code\":\"VALIDATION_ERROR\",\"message\":\"Invalid input\",\"errors\":[{\"field\":\"input.duration\",\"message\":\"must be a string\",\"code\":\"type\"}]}");

        Assert.Equal("VALIDATION_ERROR", error.Code);
        Assert.Equal("Invalid input", error.Message);
        var field = Assert.Single(error.FieldErrors);
        Assert.Equal("input.duration", field.Field);
        Assert.Equal("must be a string", field.Message);
    }

    [Fact]
    public void The_sdk_nested_error_shape_is_read()
    {
        var error = ApiError.Parse("{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid token\"}}");

        Assert.Equal("UNAUTHORIZED", error.Code);
        Assert.Equal("Invalid token", error.Message);
    }

    [Fact]
    public void The_fastapi_detail_shapes_are_read()
    {
        var list = ApiError.Parse("{\"detail\":[{\"loc\":[\"body\",\"input\",\"duration\"],\"msg\":\"value is not a valid enumeration member\",\"type\":\"type_error.enum\"}]}");
        var text = ApiError.Parse("{\"detail\":\"Not authenticated\"}");

        Assert.Equal("input.duration", Assert.Single(list.FieldErrors).Field);
        Assert.Contains("enumeration", list.Message);
        Assert.Equal("Not authenticated", text.Message);
    }

    [Fact]
    public void A_body_that_is_not_json_becomes_the_message()
    {
        Assert.Equal("<html>Bad gateway</html>", ApiError.Parse("<html>Bad gateway</html>").Message);
        Assert.Null(ApiError.Parse("").Message);
    }

    [Theory]
    [InlineData("{\"items\":[{\"id\":\"a\"}],\"first\":\"c0\",\"next\":\"c1\",\"previous\":null}", "c1")]
    [InlineData("{\"items\":[{\"id\":\"a\"}],\"next_pq\":\"c1\",\"prev_pq\":null}", "c1")]
    [InlineData("{\"items\":[{\"id\":\"a\"}],\"next\":null}", null)]
    public void Both_pagination_styles_give_the_next_cursor(string json, string? next)
    {
        var page = RunPageReader.Read(new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(json)), Run.FromElement, null);

        Assert.Equal("a", Assert.Single(page.Items).Id);
        Assert.Equal(next, page.NextCursor);
    }

    [Theory]
    [InlineData("{\"balance_cents\":12450,\"currency\":\"USD\"}")]
    [InlineData("{\"id\":\"b\",\"org_id\":\"o\",\"balance\":\"124.50\",\"low_balance_threshold\":\"10.00\"}")]
    public void Both_balance_shapes_give_dollars(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(124.50m, Balance.FromElement(document.RootElement).AmountUsd);
    }

    [Fact]
    public void A_callback_body_becomes_the_same_run_type()
    {
        const string body = "{\"event\":\"run.completed\",\"run_id\":\"r-1\",\"status\":\"succeeded\",\"output\":{\"outputs\":[{\"url\":\"https://f/v.mp4\",\"type\":\"video\"}]},\"duration_ms\":1000,\"created_at\":\"2026-05-06T10:00:00.000+00:00\",\"completed_at\":\"2026-05-06T10:01:42.000+00:00\",\"metadata\":{\"row\":7}}";

        var payload = CallbackPayload.Parse(body);
        var run = payload.ToRun();

        Assert.Equal("run.completed", payload.Event);
        Assert.Equal("r-1", run.Id);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal("https://f/v.mp4", run.Output!.Files[0].Url.ToString());
        Assert.Equal(7L, run.Metadata!["row"]);
    }

    [Fact]
    public void A_failed_callback_carries_the_error_envelope_as_failure_fields()
    {
        var run = CallbackPayload.Parse("{\"event\":\"run.failed\",\"run_id\":\"r\",\"status\":\"failed\",\"output\":{\"code\":\"PROVIDER_ERROR\",\"message\":\"model crashed\"}}").ToRun();

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("PROVIDER_ERROR", run.FailureCode);
        Assert.Equal("model crashed", run.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"event\":\"run.completed\"")]
    [InlineData("[]")]
    [InlineData("{\"event\":\"run.completed\",\"status\":\"succeeded\"}")]
    public void Malformed_callback_bodies_are_rejected(string body)
    {
        Assert.Throws<RunflowProtocolException>(() => CallbackPayload.Parse(body));
    }

    [Theory]
    [InlineData("{\"event\":\"batch.succeeded\",\"batch_id\":\"b1\",\"status\":\"succeeded\",\"output\":{\"items\":[{\"sequence_index\":0,\"run_id\":\"r0\",\"status_code\":\"succeeded\",\"client_ref\":\"a\"},{\"sequence_index\":1,\"run_id\":\"r1\",\"status\":\"succeeded\"}],\"succeeded\":2,\"failed\":0,\"cancelled\":0,\"total\":2}}", 2, 2)]
    [InlineData("{\"event\":\"batch.succeeded\",\"batch_id\":\"b1\",\"status\":\"succeeded\",\"output\":{\"items\":2,\"succeeded\":2,\"failed\":0,\"canceled\":0}}", 2, 0)]
    [InlineData("{\"event\":\"batch.cancelled\",\"batch_id\":\"b1\",\"output\":null}", null, 0)]
    public void Batch_callbacks_read_their_counts_and_items_in_any_documented_shape(string body, int? total, int items)
    {
        var payload = CallbackPayload.Parse(body);

        Assert.True(payload.IsBatch);
        Assert.Equal("b1", payload.BatchId);
        Assert.Equal(total, payload.BatchTotal);
        Assert.Equal(items, payload.BatchItems.Count);
        Assert.All(payload.BatchItems, item => Assert.Equal(RunStatus.Succeeded, item.Status));
        Assert.Throws<RunflowProtocolException>(() => payload.ToRun());
        if (payload.Event == "batch.cancelled")
        {
            Assert.Equal(RunStatus.Canceled, payload.Status);
        }
    }
}
