using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Seedance.Engine;
using Seedance.Engine.Ledger;
using Seedance.Engine.Submission;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>Batch creates through <see cref="SubmitOperation.SubmitBatch"/>, the one create path.</summary>
public class BatchCreateTests
{
    private const string BatchRoute = "/v1/models/bytedance/seedance/2.0/text-to-video/batches";

    private static List<CreateRunRequest> Items(int count) => Enumerable.Range(0, count).Select(index => new CreateRunRequest
    {
        Input = new Dictionary<string, object?> { ["prompt"] = "scene " + index },
        ClientRef = "row-" + index,
    }).ToList();

    private const string Batch = "{\"id\":\"b1\",\"items\":[{\"sequence_index\":1,\"run_id\":\"r1\",\"client_ref\":\"row-1\"},{\"sequence_index\":0,\"run_id\":\"r0\",\"client_ref\":\"row-0\"}]}";

    /// <summary>GET /v1/runs/{id}: the run, as a just-created batch's runs are read.</summary>
    private static HttpResponseMessage? ReadRun(RecordedRequest request) =>
        request.Method == "GET" && request.Uri.AbsolutePath.StartsWith("/v1/runs/", StringComparison.Ordinal)
            ? FakeApi.Json(HttpStatusCode.OK, FakeApi.RunJson(request.Uri.AbsolutePath.Substring("/v1/runs/".Length)))
            : null;

    /// <summary>The run of row <c>row-N</c> of a batch sent with <paramref name="batchKey"/>, as a search shows it.</summary>
    private static string RunOfRow(string query, string? batchKey)
    {
        var row = Regex.Match(query, @"client_ref:row-(\d+)").Groups[1].Value;
        return FakeApi.RunJson("r" + row, clientRef: "row-" + row, prompt: "scene " + row,
            extra: ",\"batch_id\":\"b1\",\"metadata\":{\"" + BatchSubmission.MetadataKey + "\":\"" + batchKey + "\"}");
    }

    private static string? BatchKeyOf(RecordedRequest request) =>
        Regex.Match(request.Body ?? string.Empty, "\"" + BatchSubmission.MetadataKey + "\":\"([^\"]+)\"").Groups[1].Value;

    private static async Task<SubmitResult[]> SubmitBatch(Submitter submitter, IReadOnlyList<CreateRunRequest> items) =>
        await Task.WhenAll(submitter.SubmitBatch(items));

    [Fact]
    public async Task A_batch_carries_each_client_ref_and_returns_runs_in_input_order()
    {
        var api = new FakeApi((request, _) => ReadRun(request) ?? FakeApi.Json(HttpStatusCode.Created, Batch));
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await SubmitBatch(submitter, Items(2));

        var sent = Assert.Single(api.Requests, request => request.Method == "POST");
        Assert.Equal(BatchRoute, sent.Uri.AbsolutePath);
        Assert.Contains("{\"prompt\":\"scene 0\",\"client_ref\":\"row-0\"}", sent.Body);
        Assert.NotNull(sent.Header("Idempotency-Key"));
        Assert.Equal(new[] { "r0", "r1" }, result.Select(item => item.Run!.Id));
    }

    [Fact]
    public async Task A_lost_batch_answer_adopts_the_committed_runs_instead_of_sending_it_again()
    {
        string? batchKey = null;
        var api = new FakeApi((request, _) =>
        {
            if (request.Uri.AbsolutePath == BatchRoute)
            {
                batchKey = BatchKeyOf(request);
                return FakeApi.Drop();
            }

            return request.Uri.AbsolutePath == "/v1/runs"
                ? FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + RunOfRow(request.Query, batchKey) + "]}")
                : throw new InvalidOperationException(request.Uri.ToString());
        });
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await SubmitBatch(submitter, Items(2));

        Assert.All(result, item => Assert.Equal(SubmitOutcome.Adopted, item.Outcome));
        Assert.Equal(new[] { "r0", "r1" }, result.Select(item => item.Run!.Id));
        Assert.Single(api.Requests, request => request.Method == "POST");
    }

    [Fact]
    public async Task Invalid_inputs_of_a_batch_are_refused_before_sending()
    {
        var api = new FakeApi((request, _) => throw new InvalidOperationException("nothing should be sent"));
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var longRefs = Items(2);
        longRefs.ForEach(item => item.ClientRef = new string('r', 256) + item.ClientRef);
        foreach (var refused in submitter.SubmitBatch(longRefs))
        {
            Assert.Equal("client_ref", (await Assert.ThrowsAsync<RunflowValidationException>(() => refused)).Field);
        }

        var longCallback = Items(2);
        longCallback.ForEach(item => item.CallbackUrl = "https://hooks.example.test/" + new string('a', 2030));
        foreach (var refused in submitter.SubmitBatch(longCallback))
        {
            Assert.Equal("callback_url", (await Assert.ThrowsAsync<RunflowValidationException>(() => refused)).Field);
        }

        Assert.DoesNotContain(api.Requests, request => request.Method == "POST");
    }

    [Theory]
    [InlineData("{\"id\":\"b1\",\"items\":[{\"sequence_index\":2,\"run_id\":\"r1\"},{\"sequence_index\":1,\"run_id\":\"r0\"}]}")]
    [InlineData("{\"id\":\"b1\",\"items\":[{\"sequence_index\":1,\"run_id\":\"r1\"},{\"sequence_index\":0,\"run_id\":\"r0\"}]}")]
    [InlineData("{\"id\":\"b1\",\"items\":[{\"sequence_index\":7,\"run_id\":\"r1\",\"client_ref\":\"row-1\"},{\"sequence_index\":7,\"run_id\":\"r0\",\"client_ref\":\"row-0\"}]}")]
    [InlineData("{\"id\":\"b1\",\"items\":[{\"run_id\":\"r0\"},{\"run_id\":\"r1\"}]}")]
    public async Task Items_pair_with_inputs_by_client_ref_then_by_a_zero_or_one_based_index_then_by_position(string answer)
    {
        var api = new FakeApi((request, _) => ReadRun(request) ?? FakeApi.Json(HttpStatusCode.Created, answer));
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await SubmitBatch(submitter, Items(2));

        Assert.Equal(new[] { "r0", "r1" }, result.Select(item => item.Run!.Id));
        Assert.Equal(new[] { "row-0", "row-1" }, result.Select(item => item.Entry!.ClientRef));
        Assert.Single(api.Requests, request => request.Method == "POST");
    }

    [Fact]
    public async Task Items_created_before_their_runs_exist_are_read_again_from_the_batch_not_sent_again()
    {
        var reads = 0;
        var api = new FakeApi((request, _) => ReadRun(request) ?? request.Uri.AbsolutePath switch
        {
            BatchRoute => FakeApi.Json(HttpStatusCode.Created,
                "{\"id\":\"b1\",\"items\":[{\"sequence_index\":0,\"run_id\":null,\"client_ref\":\"row-0\"},{\"sequence_index\":1,\"run_id\":null,\"client_ref\":\"row-1\"}]}"),
            "/v1/batches/b1" => ++reads < 2
                ? FakeApi.Json(HttpStatusCode.OK, "{\"id\":\"b1\",\"items\":[{\"sequence_index\":0,\"run_id\":\"r0\",\"client_ref\":\"row-0\"},{\"sequence_index\":1,\"run_id\":null,\"client_ref\":\"row-1\"}]}")
                : FakeApi.Json(HttpStatusCode.OK, Batch),
            _ => throw new InvalidOperationException(request.Uri.ToString()),
        });
        using var client = api.Client();
        using var submitter = new Submitter(client);

        var result = await SubmitBatch(submitter, Items(2));

        Assert.Equal(new[] { "r0", "r1" }, result.Select(item => item.Run!.Id));
        Assert.Equal(2, reads);
        Assert.Single(api.Requests, request => request.Method == "POST");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_batch_whose_runs_never_appear_is_reported_by_its_id_and_never_sent_again(bool batchReadable)
    {
        var api = new FakeApi((request, _) => request.Uri.AbsolutePath switch
        {
            BatchRoute => FakeApi.Json(HttpStatusCode.Created, "{\"id\":\"b9\",\"items\":[]}"),
            "/v1/batches/b9" => batchReadable
                ? FakeApi.Json(HttpStatusCode.OK, "{\"id\":\"b9\",\"items\":[]}")
                : FakeApi.Json(HttpStatusCode.NotFound, "{\"code\":\"NOT_FOUND\",\"message\":\"no such batch\"}"),
            "/v1/runs" => FakeApi.Json(HttpStatusCode.OK, "{\"items\":[]}"),
            _ => throw new InvalidOperationException(request.Uri.ToString()),
        });
        var options = FakeApi.Options();
        options.Polling.NotFoundGrace = TimeSpan.FromMilliseconds(600);
        using var client = api.Client(options);
        using var submitter = new Submitter(client, Submitter.Fast(resolvePatience: TimeSpan.Zero));

        var tasks = submitter.SubmitBatch(Items(2));

        for (var index = 0; index < tasks.Count; index++)
        {
            var failure = await Assert.ThrowsAsync<RunflowCreateOutcomeUnknownException>(() => tasks[index]);
            Assert.Contains("Batch b9 was created", failure.InnerException!.Message);
            Assert.Contains("row-" + index, failure.InnerException.Message);
        }

        Assert.Single(api.Requests, request => request.Method == "POST");
        Assert.All(submitter.Ledger.List(), entry => Assert.Equal(LedgerEntryState.MaybeSent, entry.EffectiveState));
    }

    [Fact]
    public async Task A_409_on_a_batch_adopts_the_runs_already_made_or_reports_the_conflict()
    {
        var exists = true;
        string? batchKey = null;
        var api = new FakeApi((request, _) =>
        {
            if (request.Uri.AbsolutePath == BatchRoute)
            {
                batchKey = BatchKeyOf(request);
                return FakeApi.Json(HttpStatusCode.Conflict, "{\"code\":\"CONFLICT\",\"message\":\"in flight\"}");
            }

            return request.Uri.AbsolutePath == "/v1/runs"
                ? FakeApi.Json(HttpStatusCode.OK, exists && request.Query.Contains("client_ref:") ? "{\"items\":[" + RunOfRow(request.Query, batchKey) + "]}" : "{\"items\":[]}")
                : throw new InvalidOperationException(request.Uri.ToString());
        });
        using var client = api.Client();
        using var first = new Submitter(client);
        using var second = new Submitter(client, Submitter.Fast(resolvePatience: TimeSpan.Zero));

        var adopted = await SubmitBatch(first, Items(2));
        exists = false;
        var refused = await Assert.ThrowsAsync<RunflowCreateOutcomeUnknownException>(() => SubmitBatch(second, Items(2)));

        Assert.All(adopted, item => Assert.Equal(SubmitOutcome.Adopted, item.Outcome));
        Assert.Equal(new[] { "r0", "r1" }, adopted.Select(item => item.Run!.Id));
        Assert.Equal(409, Assert.IsType<RunflowApiException>(refused.InnerException).StatusCode);
        Assert.All(second.Ledger.List(), entry => Assert.Null(entry.RunId));
    }
}
