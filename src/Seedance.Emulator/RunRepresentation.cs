using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>The run object as the API reference shows it, and the run callback envelope of §8. Output URLs
/// are signed afresh on every read, as the docs say the read path re-signs. Call under the state lock.</summary>
internal sealed class RunRepresentation
{
    private readonly EmulatorOptions options;
    private readonly Presigner presigner;
    private readonly Func<Uri> fileOrigin;
    private readonly Func<string, EmulatedAsset?> findAsset;
    private readonly KeyEcho echo;

    public RunRepresentation(EmulatorOptions options, Presigner presigner, Func<Uri> fileOrigin, Func<string, EmulatedAsset?> findAsset, KeyEcho echo)
    {
        this.options = options;
        this.echo = echo;
        this.presigner = presigner;
        this.fileOrigin = fileOrigin;
        this.findAsset = findAsset;
    }

    /// <summary>The run's input as the read path shows it: runflow://assets/{id} references re-signed to HTTPS URLs on
    /// the file origin, as the docs say (the stored input keeps the reference).</summary>
    public JsonNode Input(JsonObject input)
    {
        var copy = (JsonObject)input.DeepClone();
        foreach (var (name, value) in input)
        {
            if (JsonRead.String(value) is { } text && text.StartsWith(AssetScheme, StringComparison.Ordinal)
                && findAsset(text.Substring(AssetScheme.Length)) is { } asset)
            {
                copy[name] = presigner.Sign(fileOrigin(), asset.FilePath, options.UrlTtlSeconds);
            }
        }

        return copy;
    }

    private const string AssetScheme = "runflow://assets/";

    /// <summary>ISO 8601 with a literal <c>+00:00</c> offset, as the callback docs require for byte-exact signatures.</summary>
    public static string? Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", CultureInfo.InvariantCulture);

    public static string VideoPath(string runId) => $"/outputs/{runId}/video.mp4";

    /// <summary>The normalized output of a run with a video. Unsigned URLs (no query) serve searches, where only the page
    /// that is returned needs signing.</summary>
    public JsonObject Output(EmulatedRun run, bool signUrls = true)
    {
        var url = signUrls
            ? presigner.Sign(fileOrigin(), VideoPath(run.Id), options.UrlTtlSeconds)
            : new Uri(fileOrigin(), VideoPath(run.Id)).ToString();
        var entry = new JsonObject { ["url"] = url, ["type"] = "video" };
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

    public JsonObject Full(EmulatedRun run, bool signUrls = true)
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
            ["input"] = Input(run.Input),
            ["output"] = run.HasVideo ? Output(run, signUrls) : null,
            ["context"] = new JsonObject(),
            ["duration_ms"] = run.DurationMs,
            ["cost"] = Money(run.Cost),
            ["cost_breakdown"] = run.Cost is null ? null : new JsonObject { ["seconds"] = run.VideoSeconds, ["resolution"] = JsonRead.String(run.Input["resolution"]) ?? "720p" },
            ["nodes_total"] = 1,
            ["nodes_completed"] = run.IsTerminal ? 1 : 0,
            ["batch_id"] = run.BatchId,
            ["client_ref"] = run.ClientRef,
            ["jurisdiction_code"] = "us",
            ["request_id"] = run.RequestId,
            ["created_at"] = Time(run.CreatedAt),
            ["started_at"] = Time(run.StartedAt),
            ["completed_at"] = Time(run.CompletedAt),
            ["callback_url"] = run.CallbackUrl,
            ["metadata"] = run.Metadata?.DeepClone(),
            ["has_logs"] = false,
            ["has_node_runs"] = false,
            ["links"] = new JsonObject(),
            ["failure_code"] = run.FailureCode,
            ["failure_message"] = echo.Message(run.FailureMessage),
        };
        json[options.FailureStageField] = run.FailureStage;
        return Echoed(json);
    }

    /// <summary>The get-run view: the full run plus the <c>node_runs[]</c> and <c>logs[]</c> arrays the API reference
    /// shows on <c>GET /v1/runs/{id}</c> only. A Seedance run is one provider call with no logs, so both are empty, in
    /// line with <c>has_node_runs</c> and <c>has_logs</c> being false.</summary>
    public JsonObject Detail(EmulatedRun run)
    {
        var json = Full(run);
        json["node_runs"] = new JsonArray();
        json["logs"] = new JsonArray();
        return json;
    }

    /// <summary>
    /// A run's top-level fields by name, as <see cref="Full"/> would give them (with unsigned output URLs). The fields
    /// searches filter and sort on most are read straight from the run; any other builds the whole object once. This
    /// keeps a search over thousands of runs cheap enough for clients that poll with it.
    /// </summary>
    public Func<string, JsonNode?> Fields(EmulatedRun run)
    {
        JsonObject? full = null;
        return name => name switch
        {
            "id" => run.Id,
            "status_code" => run.Status,
            "model_id" => run.ModelId,
            "client_ref" => run.ClientRef,
            "batch_id" => run.BatchId,
            "request_id" => run.RequestId,
            "created_at" => Time(run.CreatedAt),
            "started_at" => Time(run.StartedAt),
            "completed_at" => Time(run.CompletedAt),
            "cost" => Money(run.Cost),
            "duration_ms" => run.DurationMs,
            "callback_url" => run.CallbackUrl,
            "failure_code" => run.FailureCode,
            "failure_message" => echo.Message(run.FailureMessage),
            // The stored nodes themselves: filters and sorts only read them.
            "input" => run.Input,
            "metadata" => run.Metadata,
            _ => (full ??= Full(run, signUrls: false))[name],
        };
    }

    /// <summary>The fields the emulator's run object has, for validating search filters.</summary>
    public IReadOnlyCollection<string> RunFields =>
        new[]
        {
            "id", "status_code", "model_id", "flow_id", "comfyui_workflow_id", "flow_version_id", "resolved_template_id", "target_type",
            "target_version", "org_id", "created_by", "source_code", "input", "output", "context", "duration_ms", "cost", "cost_breakdown",
            "nodes_total", "nodes_completed", "batch_id", "client_ref", "jurisdiction_code", "request_id", "created_at", "started_at",
            "completed_at", "callback_url", "metadata", "has_logs", "has_node_runs", "links", "failure_code", "failure_message",
            options.FailureStageField,
        };

    public static JsonObject Project(JsonObject full, IReadOnlyCollection<string>? fields)
    {
        if (fields is null || fields.Count == 0)
        {
            return full;
        }

        var projected = new JsonObject();
        foreach (var field in fields.Distinct(StringComparer.Ordinal).Where(full.ContainsKey))
        {
            projected[field] = full[field]?.DeepClone();
        }

        return projected;
    }

    /// <summary>The §8 envelope for a run that just ended. On failure <c>output</c> carries an error envelope; on
    /// cancellation it is null.</summary>
    public JsonObject RunCallback(EmulatedRun run)
    {
        // A status outside the documented ones gets an event of the same pattern (run.expired for expired): the docs
        // name events only for the statuses they list.
        var eventName = run.Status switch
        {
            "succeeded" => "run.completed",
            "failed" => "run.failed",
            "partial_succeeded" => "run.partial_succeeded",
            _ when run.IsCanceled => "run.cancelled",
            _ => "run." + run.Status,
        };
        JsonNode? output = run.HasVideo
            ? Output(run)
            : run.IsFailure ? new JsonObject { ["code"] = run.FailureCode, ["message"] = run.FailureMessage, ["errors"] = null } : null;
        return new JsonObject
        {
            ["event"] = eventName,
            ["run_id"] = run.Id,
            ["status"] = run.Status,
            ["output"] = output,
            ["duration_ms"] = run.DurationMs,
            ["created_at"] = Time(run.CreatedAt),
            ["completed_at"] = Time(run.CompletedAt),
            ["metadata"] = run.Metadata?.DeepClone(),
        };
    }

    public static string? Money(decimal? usd) => usd?.ToString("0.####", CultureInfo.InvariantCulture);

    private static (int Width, int Height) Dimensions(EmulatedRun run)
    {
        var height = JsonRead.String(run.Input["resolution"]) switch
        {
            "480p" => 480,
            "1080p" => 1080,
            _ => 720,
        };
        // "auto" takes the ratio from the input image (i2v) or the model's choice; the emulator reports 16:9 for it.
        var ratio = JsonRead.String(run.Input["aspect_ratio"]) ?? "auto";
        var parts = ratio == "auto" ? new[] { "16", "9" } : ratio.Split(':');
        var across = double.Parse(parts[0], CultureInfo.InvariantCulture);
        var down = double.Parse(parts[1], CultureInfo.InvariantCulture);
        // The resolution names the shorter side, so portrait videos keep their quality too.
        return across >= down
            ? ((int)Math.Round(height * across / down / 2) * 2, height)
            : (height, (int)Math.Round(height * down / across / 2) * 2);
    }

    /// <summary>A run object or batch item as the server echoes it: without client_ref under --no-client-ref-echo.</summary>
    public JsonObject Echoed(JsonObject item)
    {
        if (options.NoClientRefEcho)
        {
            item.Remove("client_ref");
        }

        return item;
    }
}
