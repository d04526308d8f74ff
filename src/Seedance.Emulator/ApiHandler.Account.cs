using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

internal sealed partial class ApiHandler
{
    private Task ListModels(HttpContext context, string[] _)
    {
        var q = Query(context, "q");
        var models = ModelCatalog.Models
            .Where(model => string.IsNullOrWhiteSpace(q) || model.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(model => (JsonNode)ModelCatalog.Describe(model)).ToArray();
        return Json(context, 200, new JsonObject { ["items"] = new JsonArray(models), ["next"] = null, ["previous"] = null });
    }

    private async Task GetModel(HttpContext context, string[] segments)
    {
        var model = string.Join('/', segments[2..].Select(Uri.UnescapeDataString));
        if (!ModelCatalog.Models.Contains(model, StringComparer.Ordinal))
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
            ? new JsonObject { ["balance_cents"] = (long)Math.Round(balance * 100), ["currency"] = "USD" }
            : new JsonObject
            {
                ["id"] = "0190b6a4-0000-7000-8000-0000000ba1a0",
                ["org_id"] = EmulatorIdentity.OrganizationId,
                ["balance"] = balance.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture),
                ["low_balance_threshold"] = "5.00",
                ["low_balance_notified_at"] = null,
                ["created_at"] = "2026-01-01T00:00:00.000+00:00",
                ["updated_at"] = RunRepresentation.Time(DateTimeOffset.UtcNow),
            };
        return Json(context, 200, body);
    }

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
        var label = (body as JsonObject)?["label"]?.GetValue<string>();
        if (malformed || label is null || label.Length > 255)
        {
            await Error(context, 422, "VALIDATION_ERROR", "label is required (at most 255 characters).", new[] { ("label", "required", "required") });
            return;
        }

        var secret = "whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        lock (state.Gate)
        {
            state.CallbackSecrets.Add(secret);
        }

        var now = RunRepresentation.Time(DateTimeOffset.UtcNow);
        await Json(context, 201, new JsonObject
        {
            ["plain_secret"] = secret,
            ["id"] = Guid.CreateVersion7().ToString(),
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
        var root = body as JsonObject;
        var fileName = root?["filename"]?.GetValue<string>();
        var mimeType = root?["mime_type"]?.GetValue<string>();
        var size = root?["size_bytes"]?.GetValue<long>();
        var problems = new System.Collections.Generic.List<(string, string, string)>();
        if (malformed || string.IsNullOrWhiteSpace(fileName))
        {
            problems.Add(("filename", "filename is required.", "required"));
        }

        if (mimeType is not ("image/jpeg" or "image/png" or "image/webp"))
        {
            problems.Add(("mime_type", "mime_type must be image/jpeg, image/png or image/webp.", "enum"));
        }

        if (size is null or < 1 or > 52_428_800)
        {
            problems.Add(("size_bytes", "size_bytes must be 1 to 52428800.", "range"));
        }

        if (problems.Count > 0)
        {
            await Error(context, 422, "VALIDATION_ERROR", "The upload request is invalid.", problems);
            return;
        }

        var asset = new EmulatedAsset { Id = Guid.CreateVersion7().ToString(), FileName = fileName!, MimeType = mimeType!, SizeBytes = size!.Value };
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

    private JsonObject AssetJson(EmulatedAsset asset)
    {
        var url = presigner.Sign(fileOrigin(), $"/assets/{asset.Id}/{Uri.EscapeDataString(asset.FileName)}", options.UrlTtlSeconds);
        return new JsonObject
        {
            ["id"] = asset.Id,
            ["name"] = asset.FileName,
            ["url"] = url,
            ["thumbnail_url"] = url,
            ["mime_type"] = asset.MimeType,
            ["size_bytes"] = asset.SizeBytes,
            ["created_at"] = RunRepresentation.Time(asset.CreatedAt),
        };
    }
}
