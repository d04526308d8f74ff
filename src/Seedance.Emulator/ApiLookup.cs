using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>What endpoints look up before they act (the JSON body, the model, what an id names), each answered with its
/// refusal (400, 404) when it is not there, in one way for every endpoint.</summary>
internal sealed class ApiLookup(EmulatorState state, ApiResponses responses)
{
    /// <summary>Answers 200 with what <paramref name="find"/> renders under the state lock, or <paramref name="missing"/>
    /// when it finds nothing (null).</summary>
    public async Task AnswerFoundAsync(HttpContext context, NotFoundAnswer missing, Func<JsonNode?> find)
    {
        JsonNode? json;
        lock (state.Gate)
        {
            json = find();
        }

        if (json is null)
        {
            await responses.NotFound(context, missing);
            return;
        }

        await ApiResponses.Json(context, 200, json);
    }

    /// <summary>The request's body (raw and as JSON, null when empty), or null once a malformed one has been answered
    /// with 400.</summary>
    public async Task<(byte[] Raw, JsonNode? Json)?> BodyAsync(HttpContext context)
    {
        var (raw, json, malformed) = await ApiRequest.ReadBodyAsync(context);
        if (malformed)
        {
            await responses.Malformed(context);
            return null;
        }

        return (raw, json);
    }

    /// <summary>The catalog model named in the route before its last <paramref name="trailing"/> segments, or null once
    /// an unknown one has been answered with 404.</summary>
    public async Task<string?> KnownModelAsync(HttpContext context, string[] segments, int trailing)
    {
        var model = ApiRequest.Model(segments, trailing);
        if (ModelCatalog.IsKnown(model))
        {
            return model;
        }

        await responses.NotFound(context, NotFoundAnswer.Model(model));
        return null;
    }
}
