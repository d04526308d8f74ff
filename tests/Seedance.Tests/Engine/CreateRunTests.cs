using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Seedance.Engine;
using Seedance.Engine.Ledger;
using Seedance.Engine.Submission;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>A paid create (through <see cref="SubmitOperation"/>, the one create path) is never sent twice by accident,
/// whatever the network does.</summary>
public class CreateRunTests
{
    private static CreateRunRequest Request(string? clientRef = "row-1") => new()
    {
        Model = SeedanceModels.TextToVideo,
        Input = new Dictionary<string, object?> { ["prompt"] = "a cat", ["duration"] = "5" },
        ClientRef = clientRef,
    };

    private static bool IsCreate(RecordedRequest request) => request.Method == "POST" && request.Uri.AbsolutePath.EndsWith("/runs", StringComparison.Ordinal);

    private static bool IsWindowSearch(RecordedRequest request) => request.Query.Contains("created_at>=");

    /// <summary>A search page holding a run created long after any send could still commit: it proves that the search
    /// caught up past a lost create, so an empty answer for that create proves it absent.</summary>
    private static HttpResponseMessage CaughtUp(string otherItems = "") => FakeApi.Json(HttpStatusCode.OK,
        "{\"items\":[" + otherItems + FakeApi.RunJson("later", prompt: "another row", extra: ",\"created_at\":\"2099-01-01T00:00:00Z\"") + "],\"next\":null}");

    [Fact]
    public async Task A_create_sends_the_documented_body_and_headers()
    {
        var api = new FakeApi((request, _) => FakeApi.Json(HttpStatusCode.Created, FakeApi.RunJson("r1", clientRef: "row-1")));
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await submitter.SubmitAsync(Request());

        var sent = Assert.Single(api.Requests);
        Assert.Equal("/v1/models/bytedance/seedance/2.0/text-to-video/runs", sent.Uri.AbsolutePath);
        Assert.Equal("Bearer " + FakeApi.Key, sent.Header("Authorization"));
        Assert.Contains("\"client_ref\":\"row-1\"", sent.Body);
        Assert.Contains("\"input\":{\"prompt\":\"a cat\",\"duration\":\"5\"}", sent.Body);
        Assert.Equal(result.Entry!.IdempotencyKey, sent.Header("Idempotency-Key"));
        Assert.Equal(SubmitOutcome.Created, result.Outcome);
        Assert.Equal("r1", result.Run!.Id);
    }

    [Fact]
    public async Task The_idempotency_key_is_derived_from_the_client_ref_and_input_so_a_rerun_elsewhere_replays()
    {
        var api = new FakeApi((request, _) => FakeApi.Json(HttpStatusCode.Created, FakeApi.RunJson("r1")));
        using var client = api.Client();
        using var mine = new Submitter(client);
        using var theirs = new Submitter(client);
        using var edited = new Submitter(client);

        var first = await mine.SubmitAsync(Request());
        var again = await theirs.SubmitAsync(Request());
        var otherInput = Request();
        otherInput.Input["duration"] = "6";
        var changed = await edited.SubmitAsync(otherInput);
        var anonymous1 = await mine.SubmitAsync(Request(null));
        var anonymous2 = await mine.SubmitAsync(Request(null));

        Assert.Equal(first.Entry!.IdempotencyKey, again.Entry!.IdempotencyKey);
        Assert.NotEqual(first.Entry.IdempotencyKey, changed.Entry!.IdempotencyKey);
        Assert.NotEqual(anonymous1.Entry!.IdempotencyKey, anonymous2.Entry!.IdempotencyKey);
        Assert.StartsWith("sd-", anonymous1.Entry.ClientRef);
        // The reference recommends a UUID v4 and leaves the format unknown: every key is one.
        Assert.All(new[] { first, changed, anonymous1, anonymous2 }, result =>
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", result.Entry!.IdempotencyKey));
        Assert.All(api.Requests, request => Assert.Equal("application/json", request.Header("Content-Type")));
    }

    [Fact]
    public async Task Rate_limits_are_retried_with_the_same_key_and_without_a_lookup()
    {
        var api = new FakeApi((request, count) => count <= 2
            ? FakeApi.Json((HttpStatusCode)429, "{\"code\":\"RATE_LIMITED\",\"message\":\"Rate limit exceeded: 10/s\"}",
                response => response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero))
            : FakeApi.Json(HttpStatusCode.Created, FakeApi.RunJson("r1")));
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await submitter.SubmitAsync(Request());

        Assert.Equal(SubmitOutcome.Created, result.Outcome);
        Assert.Equal(3, api.Requests.Count(IsCreate));
        Assert.Single(api.Requests.Select(request => request.Header("Idempotency-Key")).Distinct());
        Assert.Empty(api.Matching("GET", "/v1/runs"));
    }

    [Fact]
    public async Task A_dropped_connection_after_commit_adopts_the_run_found_by_client_ref()
    {
        var api = new FakeApi((request, _) =>
        {
            if (IsCreate(request))
            {
                return FakeApi.Drop();
            }

            Assert.Contains("client_ref:row-1", request.Query);
            return FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + FakeApi.RunJson("committed", clientRef: "row-1") + "]}");
        });
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await submitter.SubmitAsync(Request());

        Assert.Equal(SubmitOutcome.Adopted, result.Outcome);
        Assert.Equal("committed", result.Run!.Id);
        Assert.Single(api.Requests, IsCreate);
    }

    [Fact]
    public async Task A_dropped_connection_before_commit_is_resent_with_the_same_key_only_once_lookups_prove_it_absent()
    {
        var api = new FakeApi((request, count) =>
        {
            if (IsCreate(request))
            {
                return count == 1 ? FakeApi.Drop() : FakeApi.Json(HttpStatusCode.Created, FakeApi.RunJson("r1", clientRef: "row-1"));
            }

            return IsWindowSearch(request) ? CaughtUp() : FakeApi.Json(HttpStatusCode.OK, "{\"items\":[],\"next\":null}");
        });
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await submitter.SubmitAsync(Request());

        var order = api.Requests.Select(request => IsCreate(request) ? "create" : IsWindowSearch(request) ? "window" : "lookup").ToList();
        Assert.Equal(new[] { "create", "lookup", "window", "create" }, order);
        Assert.Single(api.Requests.Where(IsCreate).Select(request => request.Header("Idempotency-Key")).Distinct());
        Assert.Equal(SubmitOutcome.Created, result.Outcome);
    }

    [Fact]
    public async Task A_gateway_error_after_commit_is_resolved_not_resent()
    {
        var api = new FakeApi((request, _) => IsCreate(request)
            ? FakeApi.Json(HttpStatusCode.BadGateway, "<html>502</html>")
            : FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + FakeApi.RunJson("committed", clientRef: "row-1") + "]}"));
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await submitter.SubmitAsync(Request());

        Assert.Equal("committed", result.Run!.Id);
        Assert.Single(api.Requests, IsCreate);
    }

    [Fact]
    public async Task When_the_lookup_itself_fails_the_create_is_not_resent()
    {
        var api = new FakeApi((request, _) => IsCreate(request) ? FakeApi.Drop() : FakeApi.Json(HttpStatusCode.ServiceUnavailable, "{}"));
        using var client = api.Client();
        using var submitter = new Submitter(client, Submitter.Fast(resolvePatience: TimeSpan.Zero));

        var failure = await Assert.ThrowsAsync<RunflowCreateOutcomeUnknownException>(() => submitter.SubmitAsync(Request()));

        Assert.Equal("row-1", failure.ClientRef);
        Assert.Single(api.Requests, IsCreate);
        Assert.Equal(LedgerEntryState.MaybeSent, Assert.Single(submitter.Ledger.List()).EffectiveState);
    }

    [Fact]
    public async Task A_lookup_that_finds_another_prompt_under_the_same_client_ref_does_not_adopt_it()
    {
        var older = FakeApi.RunJson("old", clientRef: "row-1", prompt: "a dog");
        var api = new FakeApi((request, count) =>
        {
            if (IsCreate(request))
            {
                return count == 1 ? FakeApi.Drop() : FakeApi.Json(HttpStatusCode.Created, FakeApi.RunJson("new", clientRef: "row-1"));
            }

            return IsWindowSearch(request) ? CaughtUp(older + ",") : FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + older + "]}");
        });
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await submitter.SubmitAsync(Request());

        Assert.Equal("new", result.Run!.Id);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(402)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Client_errors_are_not_retried_and_carry_status_code_and_request_id(int status)
    {
        var api = new FakeApi((request, _) => FakeApi.Json((HttpStatusCode)status,
            "{\"code\":\"SOME_CODE\",\"message\":\"explained\",\"errors\":[{\"field\":\"input.duration\",\"message\":\"bad\"}]}",
            response => response.Headers.Add("X-Request-Id", "req-77")));
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var failure = await Assert.ThrowsAsync<RunflowApiException>(() => submitter.SubmitAsync(Request()));

        Assert.Single(api.Requests);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal("SOME_CODE", failure.ErrorCode);
        Assert.Equal("req-77", failure.RequestId);
        Assert.Equal("input.duration", Assert.Single(failure.FieldErrors).Field);
        Assert.Equal(LedgerEntryState.NotCreated, Assert.Single(submitter.Ledger.List()).EffectiveState);
    }

    [Fact]
    public async Task Rate_limits_stop_after_five_attempts()
    {
        var api = new FakeApi((request, _) => FakeApi.Json((HttpStatusCode)429, "{\"code\":\"RATE_LIMITED\",\"message\":\"Rate limit exceeded\"}"));
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var failure = await Assert.ThrowsAsync<RunflowApiException>(() => submitter.SubmitAsync(Request()));

        Assert.Equal(429, failure.StatusCode);
        Assert.Equal(5, api.Requests.Count);
    }

    [Fact]
    public async Task A_409_adopts_the_run_that_already_exists()
    {
        var api = new FakeApi((request, _) => IsCreate(request)
            ? FakeApi.Json(HttpStatusCode.Conflict, "{\"code\":\"CONFLICT\",\"message\":\"in flight\"}")
            : FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + FakeApi.RunJson("existing", clientRef: "row-1") + "]}"));
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await submitter.SubmitAsync(Request());

        Assert.Equal("existing", result.Run!.Id);
        Assert.Equal(SubmitOutcome.Adopted, result.Outcome);
        Assert.Single(api.Requests, IsCreate);
    }

    [Fact]
    public async Task Input_that_cannot_be_json_is_refused_before_any_request()
    {
        var api = new FakeApi((request, _) => throw new InvalidOperationException("nothing should be sent"));
        using var client = api.Client();
        using var submitter = new Submitter(client);
        var request = Request();
        request.Metadata = new Dictionary<string, object?> { ["handle"] = new System.IO.MemoryStream() };

        var failure = await Assert.ThrowsAsync<RunflowValidationException>(() => submitter.SubmitAsync(request));

        Assert.Contains("metadata.handle", failure.Message);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_409_for_a_key_reused_with_other_input_adopts_nothing_and_its_conflict_is_reported()
    {
        var api = new FakeApi((request, _) => IsCreate(request)
            ? FakeApi.Json(HttpStatusCode.Conflict, "{\"code\":\"CONFLICT\",\"message\":\"Idempotency-Key reused with a different body\"}")
            : FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + FakeApi.RunJson("other-work", clientRef: "row-1", prompt: null, extra: ",\"input\":{\"prompt\":\"a cat\",\"duration\":\"10\"}") + "]}"));
        using var client = api.Client();
        using var submitter = new Submitter(client, Submitter.Fast(resolvePatience: TimeSpan.Zero));
        var request = Request();
        request.Input!["duration"] = "5";

        // SubmitOperation treats a 409 as a create that may exist: with no run of this input found, the outcome stays
        // unknown (the conflict is its cause), and nothing is adopted or resent.
        var failure = await Assert.ThrowsAsync<RunflowCreateOutcomeUnknownException>(() => submitter.SubmitAsync(request));

        var conflict = Assert.IsType<RunflowApiException>(failure.InnerException);
        Assert.Equal(409, conflict.StatusCode);
        Assert.Equal("CONFLICT", conflict.ErrorCode);
        Assert.Single(api.Requests, IsCreate);
        Assert.Null(Assert.Single(submitter.Ledger.List()).RunId);
    }

    [Fact]
    public async Task After_a_lost_answer_a_run_with_the_same_client_ref_but_other_input_is_not_taken_for_this_create()
    {
        var creates = 0;
        // An older run under the same client ref, asking for 1080p; this create asks for 720p.
        var older = FakeApi.RunJson("older", clientRef: "row-1", prompt: null, extra: ",\"input\":{\"prompt\":\"a cat\",\"resolution\":\"1080p\"}");
        var api = new FakeApi((request, _) =>
        {
            if (IsCreate(request))
            {
                return ++creates == 1 ? FakeApi.Drop() : FakeApi.Json(HttpStatusCode.Created, FakeApi.RunJson("fresh", clientRef: "row-1"));
            }

            return IsWindowSearch(request) ? CaughtUp(older + ",") : FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + older + "]}");
        });
        using var client = api.Client();
        using var submitter = new Submitter(client);
        var request = Request();
        request.Input!["resolution"] = "720p";
        request.Input["duration"] = 5;

        var result = await submitter.SubmitAsync(request);

        Assert.Equal("fresh", result.Run!.Id);
        Assert.Equal(2, creates);
        Assert.True(RunflowClient.InputMatches(new Dictionary<string, object?> { ["duration"] = 5, ["seed"] = null },
            new Dictionary<string, object?> { ["duration"] = "5", ["resolution"] = "720p" }), "a number and its string form are the same input");
        Assert.True(RunflowClient.InputMatches(new Dictionary<string, object?> { ["image_url"] = "runflow://assets/a1" },
            new Dictionary<string, object?> { ["image_url"] = "https://assets.example.test/a1?X-Amz-Signature=abc" }), "asset references are re-signed on read");
    }
}
