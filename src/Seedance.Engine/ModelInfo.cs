using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>A model of Runflow's catalog (<c>GET /v1/models/{owner}/{slug}</c>).</summary>
public sealed class ModelInfo
{
    private ModelInfo()
    {
    }

    public string? Id { get; private set; }

    public string? Slug { get; private set; }

    public string? Name { get; private set; }

    public string? StatusCode { get; private set; }

    public string? AvailabilityStatus { get; private set; }

    public string? PricingNote { get; private set; }

    public string? MaxResolution { get; private set; }

    public bool? SupportsStreaming { get; private set; }

    public IReadOnlyList<ModelInput> Inputs { get; private set; } = Array.Empty<ModelInput>();

    public IDictionary<string, object?> Raw { get; private set; } = new Dictionary<string, object?>();

    public override string ToString() => Slug ?? Name ?? Id ?? "model";

    internal static ModelInfo FromElement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RunflowProtocolException($"Expected a model object but got JSON {element.ValueKind}.");
        }

        return new ModelInfo
        {
            Id = JsonValues.String(element, "id"),
            Slug = JsonValues.String(element, "slug", "model_id", "path"),
            Name = JsonValues.String(element, "name", "display_name"),
            StatusCode = JsonValues.String(element, "status_code", "status"),
            AvailabilityStatus = JsonValues.String(element, "availability_status"),
            PricingNote = JsonValues.String(element, "pricing_note"),
            MaxResolution = JsonValues.String(element, "max_resolution"),
            SupportsStreaming = JsonValues.Bool(element, "supports_streaming"),
            Inputs = JsonValues.TryGet(element, "inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array
                ? inputs.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object).Select(ModelInput.FromElement).ToList()
                : Array.Empty<ModelInput>(),
            Raw = (IDictionary<string, object?>)JsonValues.ToPlain(element)!,
        };
    }
}
