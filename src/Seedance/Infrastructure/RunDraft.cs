using System.Collections.Generic;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>One validated pipeline input of New-SeedanceRun / Measure-SeedanceCost, before anything is sent.</summary>
internal sealed class RunDraft
{
    public RunDraft(int index, object? inputObject, string model, Dictionary<string, object?> input)
    {
        Index = index;
        InputObject = inputObject;
        Model = model;
        Input = input;
    }

    public int Index { get; }

    public object? InputObject { get; }

    public string Model { get; }

    public Dictionary<string, object?> Input { get; }

    public string? CallbackUrl { get; set; }

    public IDictionary<string, object?>? Metadata { get; set; }

    public string? ClientRef { get; set; }

    /// <summary>Local files to upload at submit time, keyed by the input field they fill (image_url, end_image_url).</summary>
    public Dictionary<string, string> LocalImages { get; } = new();

    public CostEstimate Estimate { get; set; } = null!;

    public string Prompt => Input.TryGetValue("prompt", out var prompt) ? prompt as string ?? string.Empty : string.Empty;

    /// <summary>How the row is named in messages: its index, and its client reference when it has one.</summary>
    public string Label => ClientRef is null ? $"Input {Index}" : $"Input {Index} (client ref '{ClientRef}')";

    /// <summary>The engine's create request for this input (its local images are uploaded by the engine).</summary>
    public CreateRunRequest ToRequest() => new()
    {
        Model = Model,
        Input = Input,
        LocalImages = LocalImages,
        CallbackUrl = CallbackUrl,
        Metadata = Metadata,
        ClientRef = ClientRef,
        EstimatedUsd = Estimate.Usd,
    };
}
