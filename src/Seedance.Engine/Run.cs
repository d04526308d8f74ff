using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>
/// A Runflow run object, as <c>GET /v1/runs/{id}</c>, search and create return it. Every documented field is read
/// tolerantly (most are nullable in the API's own examples); the SDK's curated names (<c>model</c>,
/// <c>finished_at</c>, <c>error</c>) are read too.
/// </summary>
public sealed class Run
{
    private Run(string id)
    {
        Id = id;
    }

    public string Id { get; }

    /// <summary>The status exactly as sent (kept even when it is a value this version does not know).</summary>
    public string? StatusCode { get; private set; }

    public RunStatus Status { get; private set; }

    /// <summary>Whether the run has ended: a documented terminal status, or a status nobody listed with completed_at set
    /// (the API says when a run completed whatever it calls the end).</summary>
    public bool IsTerminal => RunStatuses.IsTerminal(Status) || HasUnlistedEnd;

    /// <summary>The run ended in a status the docs do not list (kept in <see cref="StatusCode"/>).</summary>
    public bool HasUnlistedEnd => Status == RunStatus.Unknown && CompletedAt is not null;

    /// <summary>The internal model UUID (not the slug).</summary>
    public string? ModelId { get; private set; }

    /// <summary>The model slug, when the server sends one (the SDK's <c>model</c> field).</summary>
    public string? Model { get; private set; }

    public string? TargetType { get; private set; }

    public string? TargetVersion { get; private set; }

    public string? OrgId { get; private set; }

    public string? CreatedBy { get; private set; }

    public string? SourceCode { get; private set; }

    public IDictionary<string, object?> Input { get; private set; } = new Dictionary<string, object?>();

    public RunOutput? Output { get; private set; }

    public IDictionary<string, object?>? Context { get; private set; }

    public long? DurationMs { get; private set; }

    /// <summary>What the run cost in USD (the API sends a decimal string).</summary>
    public decimal? Cost { get; private set; }

    public string? CostRaw { get; private set; }

    public IDictionary<string, object?>? CostBreakdown { get; private set; }

    public int? NodesTotal { get; private set; }

    public int? NodesCompleted { get; private set; }

    public string? BatchId { get; private set; }

    public string? ClientRef { get; private set; }

    public string? JurisdictionCode { get; private set; }

    public string? RequestId { get; private set; }

    public DateTimeOffset? CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public string? CallbackUrl { get; private set; }

    public IDictionary<string, object?>? Metadata { get; private set; }

    public bool? HasLogs { get; private set; }

    public bool? HasNodeRuns { get; private set; }

    public string? FailureCode { get; private set; }

    public string? FailureMessage { get; private set; }

    /// <summary>Where it failed: <c>failure_stage_code</c> in the API reference, <c>failure_stage</c> in the errors page.</summary>
    public string? FailureStage { get; private set; }

    /// <summary>The JSON the server sent for this run.</summary>
    /// <remarks>Kept as UTF-8, half the size of the text (a run's JSON is a few kilobytes, and a caller may hold
    /// thousands of runs); the text is made when asked for.</remarks>
    public string RawJson
    {
        get => Encoding.UTF8.GetString(RawUtf8);
        private set => RawUtf8 = Encoding.UTF8.GetBytes(value);
    }

    internal byte[] RawUtf8 { get; private set; } = { (byte)'{', (byte)'}' };

    /// <summary>The fields the server sent (a search with <c>fields=</c> sends only some).</summary>
    public IReadOnlyCollection<string> PresentFields { get; private set; } = Array.Empty<string>();

    public override string ToString() => Id;

    public static Run Parse(string json)
    {
        using var document = JsonValues.Parse(json, "a run");
        return FromElement(document.RootElement);
    }

    internal static Run FromElement(JsonElement element)
    {
        var id = IdOf(element);
        var present = new List<string>();
        foreach (var property in element.EnumerateObject())
        {
            present.Add(JsonNames.Of(property));
        }

        var run = new Run(id!)
        {
            StatusCode = JsonNames.Share(JsonValues.String(element, "status_code", "status")),
            ModelId = JsonNames.Share(JsonValues.String(element, "model_id")),
            Model = JsonValues.String(element, "model", "model_slug"),
            TargetType = JsonNames.Share(JsonValues.String(element, "target_type")),
            TargetVersion = JsonNames.Share(JsonValues.String(element, "target_version")),
            OrgId = JsonNames.Share(JsonValues.String(element, "org_id")),
            CreatedBy = JsonNames.Share(JsonValues.String(element, "created_by")),
            SourceCode = JsonNames.Share(JsonValues.String(element, "source_code")),
            Input = JsonValues.Dictionary(element, "input") ?? new Dictionary<string, object?>(),
            Context = JsonValues.Dictionary(element, "context"),
            DurationMs = JsonValues.Long(element, "duration_ms"),
            Cost = JsonValues.Decimal(element, "cost"),
            CostRaw = JsonValues.String(element, "cost"),
            CostBreakdown = JsonValues.Dictionary(element, "cost_breakdown"),
            NodesTotal = JsonValues.Int(element, "nodes_total"),
            NodesCompleted = JsonValues.Int(element, "nodes_completed"),
            BatchId = JsonValues.String(element, "batch_id"),
            ClientRef = JsonValues.String(element, "client_ref"),
            JurisdictionCode = JsonNames.Share(JsonValues.String(element, "jurisdiction_code")),
            RequestId = JsonValues.String(element, "request_id"),
            CreatedAt = JsonValues.Time(element, "created_at"),
            StartedAt = JsonValues.Time(element, "started_at"),
            CompletedAt = JsonValues.Time(element, "completed_at", "finished_at"),
            CallbackUrl = JsonValues.String(element, "callback_url"),
            Metadata = JsonValues.Dictionary(element, "metadata"),
            HasLogs = JsonValues.Bool(element, "has_logs"),
            HasNodeRuns = JsonValues.Bool(element, "has_node_runs"),
            FailureCode = JsonValues.String(element, "failure_code"),
            FailureMessage = JsonValues.String(element, "failure_message"),
            FailureStage = JsonValues.String(element, "failure_stage_code", "failure_stage"),
            RawJson = element.GetRawText(),
            PresentFields = present.ToArray(),
        };
        run.Status = RunStatuses.Parse(run.StatusCode);
        if (JsonValues.TryGet(element, "output", out var output))
        {
            run.Output = RunOutput.FromElement(output);
        }

        if (JsonValues.TryGet(element, "error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            run.FailureCode ??= JsonValues.String(error, "code");
            run.FailureMessage ??= JsonValues.String(error, "message");
        }

        return run;
    }

    /// <summary>The id of a run object; a value that is no run object, or one without an id, is a protocol error.</summary>
    internal static string IdOf(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RunflowProtocolException($"Expected a run object but got JSON {element.ValueKind}.");
        }

        var id = JsonValues.String(element, "id", "run_id");
        return string.IsNullOrWhiteSpace(id) ? throw new RunflowProtocolException("The server sent a run without an id.") : id!;
    }

    /// <summary>
    /// A search item of a run still in <paramref name="known"/>, the status it had, read no further than status and
    /// times, or null when the item says more (another status, or an end), which then needs the whole object. A search
    /// lists every run of its window at every poll, and most of them have not moved: reading each whole (its JSON kept,
    /// its output and input turned into dictionaries) was most of what following allocated. Nobody is told of a run whose
    /// status did not change, so such a sighting never reaches a caller.
    /// </summary>
    internal static Run? Unchanged(JsonElement element, string id, RunStatus known)
    {
        var statusCode = JsonValues.String(element, "status_code", "status");
        var status = RunStatuses.Parse(statusCode);
        if (status != known || RunStatuses.IsTerminal(status)
            || (status == RunStatus.Unknown && JsonValues.Time(element, "completed_at", "finished_at") is not null))
        {
            return null;
        }

        return new Run(id)
        {
            StatusCode = statusCode,
            Status = status,
            CreatedAt = JsonValues.Time(element, "created_at"),
            StartedAt = JsonValues.Time(element, "started_at"),
            PresentFields = SightingFields,
        };
    }

    private static readonly string[] SightingFields = { "id", "status_code", "created_at", "started_at" };

    /// <summary>The run as a callback describes it (same type, fewer fields).</summary>
    internal static Run FromCallback(string runId, string? statusCode, RunOutput? output, long? durationMs,
        DateTimeOffset? createdAt, DateTimeOffset? completedAt, IDictionary<string, object?>? metadata,
        string? failureCode, string? failureMessage, string rawJson)
    {
        return new Run(runId)
        {
            StatusCode = statusCode,
            Status = RunStatuses.Parse(statusCode),
            Output = output,
            DurationMs = durationMs,
            CreatedAt = createdAt,
            CompletedAt = completedAt,
            Metadata = metadata,
            FailureCode = failureCode,
            FailureMessage = failureMessage,
            RawJson = rawJson,
            PresentFields = new[] { "id", "status_code", "output", "duration_ms", "created_at", "completed_at", "metadata" },
        };
    }
}
