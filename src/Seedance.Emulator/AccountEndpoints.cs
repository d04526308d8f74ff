using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>The organization's routes: the model catalog, the account, the balance and callback signing secrets.</summary>
internal sealed class AccountEndpoints(EmulatorOptions options, EmulatorState state, TimeProvider clock, string apiKey, ApiResponses responses,
    ApiLookup lookup)
{
    /// <summary>The catalog is four models, so one page always holds it; <c>q</c> matches slugs and names loosely.</summary>
    public Task ListModels(HttpContext context, string[] _)
    {
        var q = ApiRequest.Query(context, "q")?.Trim();
        var models = ModelCatalog.Models.Select(ModelCatalog.Describe)
            .Where(model => string.IsNullOrEmpty(q) || q.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word =>
                model["slug"]!.GetValue<string>().Contains(word, StringComparison.OrdinalIgnoreCase)
                || model["name"]!.GetValue<string>().Contains(word, StringComparison.OrdinalIgnoreCase)))
            .Select(model => (JsonNode)model).ToArray();
        return ApiResponses.Json(context, 200, PageEnvelope.Of(options.PaginationStyle, new JsonArray(models), null, null, null));
    }

    public async Task GetModel(HttpContext context, string[] segments)
    {
        if (await lookup.KnownModelAsync(context, segments, 0) is { } model)
        {
            await ApiResponses.Json(context, 200, ModelCatalog.Describe(model));
        }
    }

    public Task GetBalance(HttpContext context, string[] _)
    {
        var balance = state.Balance;
        JsonObject body = options.BalanceStyle == "cents"
            ? new JsonObject { ["balance_cents"] = (long)Math.Round(balance * 100, MidpointRounding.AwayFromZero), ["currency"] = "USD" }
            : new JsonObject
            {
                ["id"] = "0190b6a4-0000-7000-8000-0000000ba1a0",
                ["org_id"] = EmulatorIdentity.OrganizationId,
                ["balance"] = Usd(balance),
                ["low_balance_threshold"] = "5.00",
                ["low_balance_notified_at"] = null,
                ["created_at"] = "2026-01-01T00:00:00.000+00:00",
                ["updated_at"] = RunRepresentation.Time(clock.GetUtcNow()),
            };
        return ApiResponses.Json(context, 200, body);
    }

    /// <summary>A balance as the decimal balance style writes it: at least two decimals, at most four.</summary>
    public static string Usd(decimal balance) => balance.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>The docs only promise "200 with the account payload" (its shape is UNKNOWN). The emulator answers the
    /// fields a client may show, and only a short prefix of the key: never the key itself.</summary>
    public Task GetMe(HttpContext context, string[] _) =>
        ApiResponses.Json(context, 200, new JsonObject
        {
            ["id"] = EmulatorIdentity.UserId,
            ["email"] = "emulator@seedance.local",
            ["org_id"] = EmulatorIdentity.OrganizationId,
            ["key_prefix"] = apiKey[..Math.Min(8, apiKey.Length / 3)],
        });

    public async Task PostCallbackSecret(HttpContext context, string[] _)
    {
        if (await lookup.BodyAsync(context) is not (_, var body))
        {
            return;
        }

        var root = body as JsonObject;
        var label = JsonRead.String(root?["label"]);
        var problems = new List<(string, string, string)>();
        if (label is null || label.Length is 0 or > 255)
        {
            problems.Add(("label", "label is required: a string of 1 to 255 characters.", root?.ContainsKey("label") == true ? "length" : "required"));
        }

        InputRules.UnknownKeys(root ?? new JsonObject(), string.Empty, problems, "label");
        if (problems.Count > 0)
        {
            await responses.ValidationError(context, "The callback secret is invalid", problems);
            return;
        }

        // A signing secret must be unguessable, so it comes from the system's CSPRNG, not the seeded generator.
        var secret = "whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var id = state.Ids.NewId();
        state.AddCallbackSecret(id, secret);
        var now = RunRepresentation.Time(clock.GetUtcNow());
        await ApiResponses.Json(context, 201, new JsonObject
        {
            ["plain_secret"] = secret,
            ["id"] = id,
            ["org_id"] = EmulatorIdentity.OrganizationId,
            ["key_prefix"] = secret[..10],
            ["is_current"] = true,
            ["label"] = label,
            ["disabled_at"] = null,
            ["last_used_at"] = null,
            ["created_at"] = now,
            ["updated_at"] = now,
        });
    }
}
