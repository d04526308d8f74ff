using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>The asset routes: an upload slot with a presigned PUT URL, its confirmation, and the confirmed asset.</summary>
internal sealed class AssetEndpoints(EmulatorOptions options, EmulatorState state, Presigner presigner, Func<Uri> fileOrigin, TimeProvider clock,
    ApiResponses responses, ApiLookup lookup)
{
    /// <summary>50 MiB, the documented upload limit.</summary>
    private const long MaxUploadBytes = 52_428_800;

    public async Task CreateUpload(HttpContext context, string[] _)
    {
        if (await lookup.BodyAsync(context) is not (_, var body))
        {
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
            InputRules.UnknownKeys(root, string.Empty, problems, "filename", "mime_type", "size_bytes", "folder_id");
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
            await responses.ValidationError(context, "The upload request is invalid", problems);
            return;
        }

        var asset = new EmulatedAsset { Id = state.Ids.NewId(), FileName = fileName!, MimeType = mimeType!, SizeBytes = size!.Value, CreatedAt = clock.GetUtcNow() };
        lock (state.Gate)
        {
            state.AddAsset(asset);
        }

        await ApiResponses.Json(context, 201, new JsonObject
        {
            ["asset_id"] = asset.Id,
            ["upload_url"] = presigner.Sign(fileOrigin(), $"/uploads/{asset.Id}", options.UrlTtlSeconds, "PUT"),
        });
    }

    public async Task ConfirmUpload(HttpContext context, string[] segments)
    {
        var (_, body, malformed) = await ApiRequest.ReadBodyAsync(context);
        if (malformed || (body is not null and not JsonObject))
        {
            await responses.Error(context, 400, "BAD_REQUEST", "The confirmation body is {} or {\"folder_id\": ...}.");
            return;
        }

        EmulatedAsset? asset;
        lock (state.Gate)
        {
            asset = state.FindAsset(ApiRequest.Id(segments, 2));
            if (asset is { Bytes: not null })
            {
                asset.Confirmed = true;
            }
        }

        if (asset is null)
        {
            await responses.NotFound(context, NotFoundAnswer.Upload);
            return;
        }

        if (!asset.Confirmed)
        {
            await responses.Error(context, 422, "UPLOAD_INCOMPLETE", "The file has not been uploaded to upload_url yet.", new[] { ("asset_id", "not uploaded", "state") });
            return;
        }

        await ApiResponses.Json(context, 201, AssetJson(asset));
    }

    public Task GetAsset(HttpContext context, string[] segments)
    {
        var id = ApiRequest.Id(segments, 2);
        return lookup.AnswerFoundAsync(context, NotFoundAnswer.Asset, () => state.FindAsset(id) is { Confirmed: true } asset ? AssetJson(asset) : null);
    }

    private JsonObject AssetJson(EmulatedAsset asset)
    {
        var url = presigner.Sign(fileOrigin(), asset.FilePath, options.UrlTtlSeconds);
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
