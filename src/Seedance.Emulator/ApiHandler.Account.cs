using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

internal sealed partial class ApiHandler
{
    /// <summary>50 MiB, the documented upload limit.</summary>
    private const long MaxUploadBytes = 52_428_800;

    /// <summary>The catalog is four models, so one page always holds it; <c>q</c> matches slugs and names loosely.</summary>
    private Task ListModels(HttpContext context, string[] _)
    {
        var q = Query(context, "q")?.Trim();
        var models = ModelCatalog.Models.Select(ModelCatalog.Describe)
            .Where(model => string.IsNullOrEmpty(q) || q.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word =>
                model["slug"]!.GetValue<string>().Contains(word, StringComparison.OrdinalIgnoreCase)
                || model["name"]!.GetValue<string>().Contains(word, StringComparison.OrdinalIgnoreCase)))
            .Select(model => (JsonNode)model).ToArray();
        var page = new JsonObject { ["items"] = new JsonArray(models) };
        if (options.PaginationStyle == "next_pq")
        {
            page["next_pq"] = null;
            page["prev_pq"] = null;
        }
        else
        {
            page["first"] = null;
            page["next"] = null;
            page["previous"] = null;
        }

        return Json(context, 200, page);
    }

    private async Task GetModel(HttpContext context, string[] segments)
    {
        var model = ModelOf(segments, 0);
        if (!ModelCatalog.IsKnown(model))
        {
            await Error(context, 404, "MODEL_NOT_FOUND", $"No model '{model}'.");
            return;
        }

        await Json(context, 200, ModelCatalog.Describe(model));
    }

    private Task GetBalance(HttpContext context, string[] _)
    {
        var balance = state.Balance;
        JsonObject body = options.BalanceStyle == "cents"
            ? new JsonObject { ["balance_cents"] = (long)Math.Round(balance * 100, MidpointRounding.AwayFromZero), ["currency"] = "USD" }
            : new JsonObject
            {
                ["id"] = "0190b6a4-0000-7000-8000-0000000ba1a0",
                ["org_id"] = EmulatorIdentity.OrganizationId,
                ["balance"] = balance.ToString("0.00##", CultureInfo.InvariantCulture),
                ["low_balance_threshold"] = "5.00",
                ["low_balance_notified_at"] = null,
                ["created_at"] = "2026-01-01T00:00:00.000+00:00",
                ["updated_at"] = RunRepresentation.Time(clock.GetUtcNow()),
            };
        return Json(context, 200, body);
    }

    /// <summary>The docs only promise "200 with the account payload" (its shape is UNKNOWN). The emulator answers the
    /// fields a client may show, and only a short prefix of the key: never the key itself.</summary>
    private Task GetMe(HttpContext context, string[] _) =>
        Json(context, 200, new JsonObject
        {
            ["id"] = EmulatorIdentity.UserId,
            ["email"] = "emulator@seedance.local",
            ["org_id"] = EmulatorIdentity.OrganizationId,
            ["key_prefix"] = apiKey[..Math.Min(8, apiKey.Length / 3)],
        });

    private async Task PostCallbackSecret(HttpContext context, string[] _)
    {
        var (_, body, malformed) = await ReadBodyAsync(context);
        if (malformed)
        {
            await Malformed(context);
            return;
        }

        var root = body as JsonObject;
        var label = JsonRead.String(root?["label"]);
        var problems = new List<(string, string, string)>();
        if (label is null || label.Length is 0 or > 255)
        {
            problems.Add(("label", "label is required: a string of 1 to 255 characters.", root?.ContainsKey("label") == true ? "length" : "required"));
        }

        problems.AddRange((root ?? new JsonObject()).Where(pair => pair.Key != "label").Select(pair => (pair.Key, $"Unknown field '{pair.Key}'.", "unknown_field")));
        if (problems.Count > 0)
        {
            await ValidationError(context, "The callback secret is invalid", problems);
            return;
        }

        // A signing secret must be unguessable, so it comes from the system's CSPRNG, not the seeded generator.
        var secret = "whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var id = state.Ids.NewId();
        state.AddCallbackSecret(id, secret);
        var now = RunRepresentation.Time(clock.GetUtcNow());
        await Json(context, 201, new JsonObject
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

    private async Task CreateUpload(HttpContext context, string[] _)
    {
        var (_, body, malformed) = await ReadBodyAsync(context);
        if (malformed)
        {
            await Malformed(context);
            return;
        }

        var root = body as JsonObject;
        var fileName = JsonRead.String(root?["filename"]);
        var mimeType = JsonRead.String(root?["mime_type"]);
        var size = JsonRead.Integer(root?["size_bytes"]);
        var problems = new List<(string, string, string)>();
        if (root is null)
        {
            problems.Add(("body", "The body must be a JSON object.", "type"));
        }
        else
        {
            problems.AddRange(root.Where(pair => pair.Key is not ("filename" or "mime_type" or "size_bytes" or "folder_id"))
                .Select(pair => (pair.Key, $"Unknown field '{pair.Key}'.", "unknown_field")));
        }

        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > 255)
        {
            problems.Add(("filename", "filename is required (at most 255 characters).", "required"));
        }

        if (mimeType is not ("image/jpeg" or "image/png" or "image/webp"))
        {
            problems.Add(("mime_type", "mime_type must be image/jpeg, image/png or image/webp.", "enum"));
        }

        if (size is null or < 1 or > MaxUploadBytes)
        {
            problems.Add(("size_bytes", $"size_bytes must be a whole number from 1 to {MaxUploadBytes}.", "range"));
        }

        if (problems.Count > 0)
        {
            await ValidationError(context, "The upload request is invalid", problems);
            return;
        }

        var asset = new EmulatedAsset { Id = state.Ids.NewId(), FileName = fileName!, MimeType = mimeType!, SizeBytes = size!.Value, CreatedAt = clock.GetUtcNow() };
        lock (state.Gate)
        {
            state.AddAsset(asset);
        }

        await Json(context, 201, new JsonObject
        {
            ["asset_id"] = asset.Id,
            ["upload_url"] = presigner.Sign(fileOrigin(), $"/uploads/{asset.Id}", options.UrlTtlSeconds, "PUT"),
        });
    }

    private async Task ConfirmUpload(HttpContext context, string[] segments)
    {
        var (_, body, malformed) = await ReadBodyAsync(context);
        if (malformed || (body is not null and not JsonObject))
        {
            await Error(context, 400, "BAD_REQUEST", "The confirmation body is {} or {\"folder_id\": ...}.");
            return;
        }

        EmulatedAsset? asset;
        lock (state.Gate)
        {
            asset = state.FindAsset(Uri.UnescapeDataString(segments[2]));
            if (asset is { Bytes: not null })
            {
                asset.Confirmed = true;
            }
        }

        if (asset is null)
        {
            await Error(context, 404, "ASSET_NOT_FOUND", "No such upload.");
            return;
        }

        if (!asset.Confirmed)
        {
            await Error(context, 422, "UPLOAD_INCOMPLETE", "The file has not been uploaded to upload_url yet.", new[] { ("asset_id", "not uploaded", "state") });
            return;
        }

        await Json(context, 201, AssetJson(asset));
    }

    private async Task GetAsset(HttpContext context, string[] segments)
    {
        EmulatedAsset? asset;
        lock (state.Gate)
        {
            asset = state.FindAsset(Uri.UnescapeDataString(segments[2]));
        }

        if (asset is not { Confirmed: true })
        {
            await Error(context, 404, "ASSET_NOT_FOUND", "Asset not found.");
            return;
        }

        await Json(context, 200, AssetJson(asset));
    }

    /// <summary>The asset's key on the file origin. The name is reduced to URL-safe characters so the signed path and the
    /// path the server decodes are the same string.</summary>
    internal static string AssetPath(EmulatedAsset asset) =>
        $"/assets/{asset.Id}/" + new string(asset.FileName.Select(character => char.IsAsciiLetterOrDigit(character) || character is '.' or '-' or '_' ? character : '_').ToArray());

    private JsonObject AssetJson(EmulatedAsset asset)
    {
        var url = presigner.Sign(fileOrigin(), AssetPath(asset), options.UrlTtlSeconds);
        return new JsonObject
        {
            ["id"] = asset.Id,
            ["name"] = asset.FileName,
            ["url"] = url,
            ["thumbnail_url"] = url,
            ["ref"] = "runflow://assets/" + asset.Id,
            ["mime_type"] = asset.MimeType,
            ["size_bytes"] = asset.SizeBytes,
            ["created_at"] = RunRepresentation.Time(asset.CreatedAt),
        };
    }
}
