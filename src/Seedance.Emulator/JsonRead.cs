using System.Text.Json;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>Type-checked reads of request JSON: a value of the wrong kind reads as absent instead of throwing, so a
/// client's mistake becomes a 4xx answer, never a 500.</summary>
internal static class JsonRead
{
    public static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    public static string? String(JsonNode? node) => IsString(node) ? node!.GetValue<string>() : null;

    public static long? Integer(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number : null;

    public static decimal? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<decimal>(out var number) ? number : null;
}
