using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>The run object as the API reference shows it. Output URLs are signed afresh on every read, as the docs say
/// the read path re-signs.</summary>
internal sealed class RunRepresentation
{
    private readonly EmulatorOptions options;
    private readonly Presigner presigner;
    private readonly Func<Uri> fileOrigin;

    public RunRepresentation(EmulatorOptions options, Presigner presigner, Func<Uri> fileOrigin)
    {
        this.options = options;
        this.presigner = presigner;
        this.fileOrigin = fileOrigin;
    }

    public static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", CultureInfo.InvariantCulture)!;

    public string VideoUrl(EmulatedRun run) => presigner.Sign(fileOrigin(), $"/outputs/{run.Id}/video.mp4", options.UrlTtlSeconds);

    public JsonObject Output(EmulatedRun run)
    {
        var entry = new JsonObject { ["url"] = VideoUrl(run), ["type"] = "video" };
        if (!options.MinimalOutputs)
        {
            var (width, height) = Dimensions(run);
            entry["width"] = width;
            entry["height"] = height;
            entry["duration"] = run.VideoSeconds;
            entry["content_type"] = "video/mp4";
        }

        return new JsonObject
        {
            ["outputs"] = new JsonArray(entry),
            ["seed"] = run.OutputSeed,
            ["timing"] = null,
            ["nsfw_detected"] = false,
        };
    }

    public JsonObject Full(EmulatedRun run)
    {
        var json = new JsonObject
        {
            ["id"] = run.Id,
            ["status_code"] = run.Status,
            ["model_id"] = run.ModelId,
            ["flow_id"] = null,
            ["comfyui_workflow_id"] = null,
            ["flow_version_id"] = null,
            ["resolved_template_id"] = null,
            ["target_type"] = "model",
            ["target_version"] = "2.0",
            ["org_id"] = EmulatorIdentity.OrganizationId,
            ["created_by"] = EmulatorIdentity.UserId,
            ["source_code"] = "api",
            ["input"] = run.Input.DeepClone(),
            ["output"] = run.HasVideo ? Output(run) : null,
            ["context"] = new JsonObject(),
            ["duration_ms"] = run.CompletedAt is { } done && run.DispatchedAt is { } dispatched ? (long)(done - dispatched).TotalMilliseconds : null,
            ["cost"] = run.Cost?.ToString("0.####", CultureInfo.InvariantCulture),
            ["cost_breakdown"] = run.Cost is null ? null : new JsonObject { ["seconds"] = run.VideoSeconds },
            ["nodes_total"] = 1,
            ["nodes_completed"] = run.IsTerminal ? 1 : 0,
            ["batch_id"] = run.BatchId,
            ["client_ref"] = run.ClientRef,
            ["jurisdiction_code"] = "us",
            ["request_id"] = run.RequestId,
            ["created_at"] = Time(run.CreatedAt),
            ["started_at"] = run.StartedAt is null ? null : Time(run.StartedAt),
            ["completed_at"] = run.CompletedAt is null ? null : Time(run.CompletedAt),
            ["callback_url"] = run.CallbackUrl,
            ["metadata"] = run.Metadata?.DeepClone(),
            ["has_logs"] = false,
            ["has_node_runs"] = false,
            ["links"] = new JsonObject(),
            ["failure_code"] = run.FailureCode,
            ["failure_message"] = run.FailureMessage,
        };
        json[options.FailureStageField] = run.FailureStage;
        return json;
    }

    public static JsonObject Project(JsonObject full, IReadOnlyCollection<string>? fields)
    {
        if (fields is null || fields.Count == 0)
        {
            return full;
        }

        var projected = new JsonObject();
        foreach (var field in fields.Where(full.ContainsKey))
        {
            projected[field] = full[field]?.DeepClone();
        }

        return projected;
    }

    private static (int Width, int Height) Dimensions(EmulatedRun run)
    {
        var height = run.Input["resolution"]?.GetValue<string>() switch
        {
            "480p" => 480,
            "1080p" => 1080,
            _ => 720,
        };
        var ratio = run.Input["aspect_ratio"]?.GetValue<string>() ?? "16:9";
        var parts = ratio == "auto" ? new[] { "16", "9" } : ratio.Split(':');
        var width = (int)Math.Round(height * double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture) / 2) * 2;
        return (width, height);
    }
}
