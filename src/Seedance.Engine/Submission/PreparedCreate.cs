using System;
using System.Collections.Generic;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>A create request checked and normalised once: the route, the client ref, the input's digest and the parts of
/// the body every take sends (and, for the batch route, the callback URL and metadata it shares).</summary>
internal sealed class PreparedCreate
{
    private readonly CreateRunRequest request;

    private PreparedCreate(CreateRunRequest given, CreateRunRequest request, string model, string clientRef)
    {
        Given = given;
        this.request = request;
        Model = model;
        ClientRef = clientRef;
        Path = "v1/models/" + RunflowClient.EncodeModelPath(model) + "/runs";
        Input = request.Input ?? new Dictionary<string, object?>();
        InputDigest = Ledger.InputDigest.Of(Input);
        InputJson = PlainJson.Serialize(Secrets.MaskSignedUrls(Input), sortKeys: true);
    }

    /// <summary>The request as the caller gave it (before its local images became assets).</summary>
    public CreateRunRequest Given { get; }

    public string Model { get; }

    public string ClientRef { get; }

    public string Path { get; }

    public string? CallbackUrl => request.CallbackUrl;

    public IDictionary<string, object?>? Metadata => request.Metadata;

    public IDictionary<string, object?> Input { get; }

    public string InputDigest { get; }

    /// <summary>The input as the ledger keeps it (presigned URLs masked).</summary>
    public string InputJson { get; }

    /// <summary>The client ref a request is created under: its own, trimmed, or a new one.</summary>
    public static string ClientRefOf(CreateRunRequest request) =>
        string.IsNullOrWhiteSpace(request.ClientRef) ? IdempotencyKeys.NewClientRef() : request.ClientRef!.Trim();

    /// <summary>Checks and normalises <paramref name="request"/> (whose local images are assets by now) under
    /// <paramref name="clientRef"/>; <paramref name="given"/> is what the caller sent, named in its result.</summary>
    public static PreparedCreate From(CreateRunRequest given, CreateRunRequest request, string clientRef)
    {
        var model = SeedanceModels.Normalize(request.Model);
        SeedanceInputValidator.RequireClientRef(clientRef);
        SeedanceInputValidator.RequireCallbackUrl(request.CallbackUrl);

        // The input is written by the constructor; metadata only goes into the body after the ledger claimed a take, so a
        // value it cannot write must fail here: a claim left unsent would read as maybe-sent once this process ends.
        _ = PlainJson.ToPlain(request.Metadata, "metadata");
        return new PreparedCreate(given, request, model, clientRef);
    }

    public SubmitResult Result(Run run, SubmitOutcome outcome, LedgerEntry? entry) => SubmitResult.Succeeded(Given, ClientRef, run, outcome, entry);

    /// <summary>What the ledger records when it claims a take of this create (the estimate and destination only when the
    /// take is this row's own create, not a run found on the server).</summary>
    public LedgerClaimRequest ClaimRequest(bool withEstimate = true) =>
        new(Model, InputDigest, InputJson, withEstimate ? request.EstimatedUsd : null, withEstimate ? request.Destination : null);

    /// <summary>The body of <paramref name="entry"/>'s create. The metadata carries the take's key: it is the same for
    /// this row in every ledger (a per-ledger id would make two machines' bodies differ and turn a server's replay of the
    /// key into a 409), and it lets a look-up tell this take's run from any other.</summary>
    public byte[] BodyFor(LedgerEntry entry)
    {
        var metadata = new Dictionary<string, object?>(request.Metadata ?? new Dictionary<string, object?>(), StringComparer.Ordinal)
        {
            [CreateOutcomeResolver.MetadataKey] = entry.IdempotencyKey,
        };
        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["input"] = Input };
        if (request.CallbackUrl is not null)
        {
            body["callback_url"] = request.CallbackUrl;
        }

        body["metadata"] = metadata;
        body["client_ref"] = ClientRef;
        return PlainJson.SerializeToUtf8(body);
    }
}
