using System;
using System.Collections.Generic;
using System.Globalization;
using Seedance.Engine;

namespace Seedance;

/// <summary>
/// A Seedance run as the cmdlets emit it: the API's run object plus what ties it back to the caller's input
/// (the pipeline index and the original row). <c>ToString()</c> is the run id, so a run can be passed wherever an
/// id is expected.
/// </summary>
public sealed class SeedanceRun
{
    private readonly string? sentClientRef;

    /// <param name="origin">The session the run was created or read through (null for a run no session read, such as one
    /// from a callback body).</param>
    internal SeedanceRun(Run run, SeedanceSession? origin, string? model = null, int? inputIndex = null, object? inputObject = null,
        decimal? estimatedCost = null, string? sentClientRef = null)
    {
        Details = run;
        Origin = origin;
        this.sentClientRef = sentClientRef;
        Model = model ?? run.Model;
        InputIndex = inputIndex;
        InputObject = inputObject;
        EstimatedCost = estimatedCost;
    }

    public string Id => Details.Id;

    public RunStatus Status => Details.Status;

    /// <summary>The status exactly as the API spelled it (kept even when Seedance does not know the value).</summary>
    public string? StatusCode => Details.StatusCode;

    /// <summary>The model path the run was created with, when known (the API itself only returns a model UUID).</summary>
    public string? Model { get; }

    public string? ModelId => Details.ModelId;

    public string? Prompt => InputText("prompt");

    public string? Duration => InputText("duration");

    public string? Resolution => InputText("resolution");

    public string? AspectRatio => InputText("aspect_ratio");

    public string? ImageUrl => InputText("image_url");

    /// <summary>The client ref the run carries, or the one it was created with when the server does not echo it.</summary>
    public string? ClientRef => Details.ClientRef ?? sentClientRef;

    public string? BatchId => Details.BatchId;

    /// <summary>What the run actually cost, in USD, once the API reports it.</summary>
    public decimal? Cost => Details.Cost;

    /// <summary>What Seedance estimated before submitting, in USD (see Measure-SeedanceCost).</summary>
    public decimal? EstimatedCost { get; }

    public Uri? VideoUrl => Details.Output?.Video?.Url;

    public IReadOnlyList<OutputFile> Outputs => Details.Output?.Files ?? Array.Empty<OutputFile>();

    public DateTimeOffset? CreatedAt => Details.CreatedAt;

    public DateTimeOffset? StartedAt => Details.StartedAt;

    public DateTimeOffset? CompletedAt => Details.CompletedAt;

    /// <summary>How long the run took on Runflow's side.</summary>
    public TimeSpan? Elapsed => Details.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    public string? FailureCode => Details.FailureCode;

    public string? FailureMessage => Details.FailureMessage;

    public string? FailureStage => Details.FailureStage;

    public bool IsTerminal => Details.IsTerminal;

    public IDictionary<string, object?> Input => Details.Input;

    public IDictionary<string, object?>? Metadata => Details.Metadata;

    public string? CallbackUrl => Details.CallbackUrl;

    /// <summary>The position of the input in the pipeline (0 for the first row), to join results back to a CSV.</summary>
    public int? InputIndex { get; }

    /// <summary>The pipeline object (a CSV row, for example) the run was created from.</summary>
    public object? InputObject { get; }

    /// <summary>Every field the API returned.</summary>
    public Run Details { get; }

    /// <summary>The session that created or read this run: Wait-, Save- and Stop-SeedanceRun follow a piped run through
    /// it when they are given no -Session, so runs made with another account's session are not looked up in this one.</summary>
    internal SeedanceSession? Origin { get; }

    /// <summary>This run's context (model, pipeline index, original row) on a newer read of it, through <paramref name="session"/>.</summary>
    internal SeedanceRun With(Run newer, SeedanceSession session) => new(newer, session, Model, InputIndex, InputObject, EstimatedCost, sentClientRef);

    public override string ToString() => Id;

    private string? InputText(string key) =>
        Details.Input is not null && Details.Input.TryGetValue(key, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;
}
