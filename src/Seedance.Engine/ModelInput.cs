using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>One input a model declares in the catalog (<c>inputs[]</c>).</summary>
public sealed class ModelInput
{
    private ModelInput(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public string? DisplayName { get; private set; }

    public string? Description { get; private set; }

    public string? VariableTypeCode { get; private set; }

    public bool IsRequired { get; private set; }

    public object? DefaultValue { get; private set; }

    /// <summary>The allowed values, when the catalog's validator attributes list them.</summary>
    public IReadOnlyList<string> AllowedValues { get; private set; } = Array.Empty<string>();

    public override string ToString() => Name;

    internal static ModelInput FromElement(JsonElement element)
    {
        var input = new ModelInput(JsonValues.String(element, "name") ?? "(unnamed)")
        {
            DisplayName = JsonValues.String(element, "display_name"),
            Description = JsonValues.String(element, "description"),
            VariableTypeCode = JsonValues.String(element, "variable_type_code", "type"),
            IsRequired = JsonValues.Bool(element, "is_required", "required") ?? false,
            DefaultValue = JsonValues.TryGet(element, "default_value", out var defaultValue) ? JsonValues.ToPlain(defaultValue) : null,
        };
        if (JsonValues.TryGet(element, "validator_attrs", out var attributes) && attributes.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in new[] { "options", "values", "enum", "choices", "allowed_values" })
            {
                if (JsonValues.TryGet(attributes, name, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    input.AllowedValues = list.EnumerateArray()
                        .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : JsonValues.String(item, "value") ?? item.GetRawText())
                        .ToList();
                    break;
                }
            }
        }

        return input;
    }
}
