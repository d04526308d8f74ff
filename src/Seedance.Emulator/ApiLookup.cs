using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>The one way an endpoint answers with something it looks up, or with that thing's 404.</summary>
internal sealed class ApiLookup
{
    private readonly EmulatorState state;
    private readonly ApiResponses responses;

    public ApiLookup(EmulatorState state, ApiResponses responses)
    {
        this.state = state;
        this.responses = responses;
    }

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
