using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

public class BatchCreateTests
{
    private static List<CreateRunRequest> Items(int count) => Enumerable.Range(0, count).Select(index => new CreateRunRequest
    {
        Input = new Dictionary<string, object?> { ["prompt"] = "scene " + index },
        ClientRef = "row-" + index,
    }).ToList();

    private const string Batch = "{\"id\":\"b1\",\"items\":[{\"sequence_index\":1,\"run_id\":\"r1\",\"client_ref\":\"row-1\"},{\"sequence_index\":0,\"run_id\":\"r0\",\"client_ref\":\"row-0\"}]}";

    [Fact]
    public async Task A_batch_carries_each_client_ref_and_returns_runs_in_input_order()
    {
        var api = new FakeApi((request, _) => FakeApi.Json(HttpStatusCode.Created, Batch));
        using var client = api.Client();

        var result = await client.CreateBatchAsync(SeedanceModels.TextToVideo, Items(2));

        var sent = Assert.Single(api.Requests);
        Assert.Equal("/v1/models/bytedance/seedance/2.0/text-to-video/batches", sent.Uri.AbsolutePath);
        Assert.Contains("{\"prompt\":\"scene 0\",\"client_ref\":\"row-0\"}", sent.Body);
        Assert.NotNull(sent.Header("Idempotency-Key"));
        Assert.Equal(new[] { "r0", "r1" }, result.Items.Select(item => item.RunId));
    }

    [Fact]
    public async Task A_lost_batch_answer_adopts_the_committed_batch_instead_of_sending_it_again()
    {
        var api = new FakeApi((request, _) => request.Uri.AbsolutePath switch
        {
            "/v1/models/bytedance/seedance/2.0/text-to-video/batches" => FakeApi.Drop(),
            "/v1/runs" => FakeApi.Json(HttpStatusCode.OK, "{\"items\":[" + FakeApi.RunJson("r0", clientRef: "row-0", prompt: "scene 0", extra: ",\"batch_id\":\"b1\"") + "]}"),
            "/v1/batches/b1" => FakeApi.Json(HttpStatusCode.OK, Batch),
            _ => throw new InvalidOperationException(request.Uri.ToString()),
        });
        using var client = api.Client();

        var result = await client.CreateBatchAsync(SeedanceModels.TextToVideo, Items(2));

        Assert.Equal(CreateRunOutcome.AdoptedExisting, result.Outcome);
        Assert.Single(api.Requests, request => request.Uri.AbsolutePath.EndsWith("/batches", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inputs_that_cannot_share_a_batch_or_too_many_are_refused_before_sending()
    {
        var api = new FakeApi((request, _) => throw new InvalidOperationException("nothing should be sent"));
        using var client = api.Client();
        var mixed = Items(2);
        mixed[1].CallbackUrl = "https://hooks.example.test/other";

        await Assert.ThrowsAsync<RunflowValidationException>(() => client.CreateBatchAsync(SeedanceModels.TextToVideo, mixed));
        await Assert.ThrowsAsync<RunflowValidationException>(() => client.CreateBatchAsync(SeedanceModels.TextToVideo, Items(101)));
        var longRef = Items(2);
        longRef[1].ClientRef = new string('r', 256);
        await Assert.ThrowsAsync<RunflowValidationException>(() => client.CreateBatchAsync(SeedanceModels.TextToVideo, longRef));
        var longCallback = Items(2);
        longCallback.ForEach(item => item.CallbackUrl = "https://hooks.example.test/" + new string('a', 2030));
        await Assert.ThrowsAsync<RunflowValidationException>(() => client.CreateBatchAsync(SeedanceModels.TextToVideo, longCallback));
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData("{\"id\":\"b1\",\"items\":[{\"sequence_index\":2,\"run_id\":\"r1\"},{\"sequence_index\":1,\"run_id\":\"r0\"}]}")]
    [InlineData("{\"id\":\"b1\",\"items\":[{\"sequence_index\":1,\"run_id\":\"r1\"},{\"sequence_index\":0,\"run_id\":\"r0\"}]}")]
    [InlineData("{\"id\":\"b1\",\"items\":[{\"sequence_index\":7,\"run_id\":\"r1\",\"client_ref\":\"row-1\"},{\"sequence_index\":7,\"run_id\":\"r0\",\"client_ref\":\"row-0\"}]}")]
    [InlineData("{\"id\":\"b1\",\"items\":[{\"run_id\":\"r0\"},{\"run_id\":\"r1\"}]}")]
    public async Task Items_pair_with_inputs_by_client_ref_then_by_a_zero_or_one_based_index_then_by_position(string answer)
    {
        var api = new FakeApi((request, _) => FakeApi.Json(HttpStatusCode.Created, answer));
        using var client = api.Client();

        var result = await client.CreateBatchAsync(SeedanceModels.TextToVideo, Items(2));

        Assert.Equal(new[] { "r0", "r1" }, result.Items.Select(item => item.RunId));
        Assert.Equal(new[] { "row-0", "row-1" }, result.Items.Select(item => item.ClientRef));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Items_created_before_their_runs_exist_are_read_again_from_the_batch_not_sent_again()
    {
        var reads = 0;
        var api = new FakeApi((request, _) => request.Uri.AbsolutePath switch
        {
            "/v1/models/bytedance/seedance/2.0/text-to-video/batches" => FakeApi.Json(HttpStatusCode.Created,
                "{\"id\":\"b1\",\"items\":[{\"sequence_index\":0,\"run_id\":null,\"client_ref\":\"row-0\"},{\"sequence_index\":1,\"run_id\":null,\"client_ref\":\"row-1\"}]}"),
            "/v1/batches/b1" => ++reads < 2
                ? FakeApi.Json(HttpStatusCode.OK, "{\"id\":\"b1\",\"items\":[{\"sequence_index\":0,\"run_id\":\"r0\",\"client_ref\":\"row-0\"},{\"sequence_index\":1,\"run_id\":null,\"client_ref\":\"row-1\"}]}")
                : FakeApi.Json(HttpStatusCode.OK, Batch),
            _ => throw new InvalidOperationException(request.Uri.ToString()),
        });
        using var client = api.Client();

        var result = await client.CreateBatchAsync(SeedanceModels.TextToVideo, Items(2));

        Assert.Equal(new[] { "r0", "r1" }, result.Items.Select(item => item.RunId));
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
            "/v1/models/bytedance/seedance/2.0/text-to-video/batches" => FakeApi.Json(HttpStatusCode.Created, "{\"id\":\"b9\",\"items\":[]}"),
            "/v1/batches/b9" => batchReadable
                ? FakeApi.Json(HttpStatusCode.OK, "{\"id\":\"b9\",\"items\":[]}")
                : FakeApi.Json(HttpStatusCode.NotFound, "{\"code\":\"NOT_FOUND\",\"message\":\"no such batch\"}"),
            "/v1/runs" => FakeApi.Json(HttpStatusCode.OK, "{\"items\":[]}"),
            _ => throw new InvalidOperationException(request.Uri.ToString()),
        });
        using var client = api.Client();

        var failure = await Assert.ThrowsAsync<RunflowProtocolException>(() => client.CreateBatchAsync(SeedanceModels.TextToVideo, Items(2)));

        Assert.Contains("Batch b9 was created", failure.Message);
        Assert.Contains("row-0", failure.Message);
        Assert.Single(api.Requests, request => request.Method == "POST");
    }

    [Fact]
    public async Task A_409_on_a_batch_adopts_the_batch_already_made_or_is_thrown()
    {
        var exists = true;
        var api = new FakeApi((request, _) => request.Uri.AbsolutePath switch
        {
            "/v1/models/bytedance/seedance/2.0/text-to-video/batches" => FakeApi.Json(HttpStatusCode.Conflict, "{\"code\":\"CONFLICT\",\"message\":\"in flight\"}"),
            "/v1/runs" => FakeApi.Json(HttpStatusCode.OK, exists
                ? "{\"items\":[" + FakeApi.RunJson("r0", clientRef: "row-0", prompt: "scene 0", extra: ",\"batch_id\":\"b1\"") + "]}"
                : "{\"items\":[]}"),
            "/v1/batches/b1" => FakeApi.Json(HttpStatusCode.OK, Batch),
            _ => throw new InvalidOperationException(request.Uri.ToString()),
        });
        using var client = api.Client();

        var adopted = await client.CreateBatchAsync(SeedanceModels.TextToVideo, Items(2));
        exists = false;
        var refused = await Assert.ThrowsAsync<RunflowApiException>(() => client.CreateBatchAsync(SeedanceModels.TextToVideo, Items(2)));

        Assert.Equal(CreateRunOutcome.AdoptedExisting, adopted.Outcome);
        Assert.Equal(new[] { "r0", "r1" }, adopted.Items.Select(item => item.RunId));
        Assert.Equal(409, refused.StatusCode);
    }
}
