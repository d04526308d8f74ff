using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>Writes JSON as the API does: '+' in "+00:00" offsets and other harmless characters are not \u-escaped.</summary>
internal static class JsonText
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode? node) => node?.ToJsonString(Options) ?? "null";
}
