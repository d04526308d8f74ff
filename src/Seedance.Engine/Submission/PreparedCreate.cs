using System;
using System.Collections.Generic;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>A create request checked and normalised once: the route, the client ref, the input's digest and the parts of
/// the body every take sends.</summary>
internal sealed class PreparedCreate
{
    private readonly CreateRunRequest request;

    private PreparedCreate(CreateRunRequest request, string model, string clientRef)
    {
        this.request = request;
        Model = model;
        ClientRef = clientRef;
        Path = "v1/models/" + RunflowClient.EncodeModelPath(model) + "/runs";
        Input = request.Input ?? new Dictionary<string, object?>();
        InputDigest = Ledger.InputDigest.Of(Input);
        InputJson = PlainJson.Serialize(Secrets.MaskSignedUrls(Input), sortKeys: true);
    }

    public string Model { get; }

    public string ClientRef { get; }

    public string Path { get; }

    public IDictionary<string, object?> Input { get; }

    public string InputDigest { get; }

    /// <summary>The input as the ledger keeps it (presigned URLs masked).</summary>
    public string InputJson { get; }

    public static PreparedCreate From(CreateRunRequest request, ApiKey? key)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var model = SeedanceModels.Normalize(request.Model);
        var clientRef = string.IsNullOrWhiteSpace(request.ClientRef) ? IdempotencyKeys.NewClientRef() : request.ClientRef!.Trim();
        SeedanceInputValidator.RequireClientRef(clientRef);
        SeedanceInputValidator.RequireCallbackUrl(request.CallbackUrl);
        return new PreparedCreate(request, model, clientRef);
    }

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
