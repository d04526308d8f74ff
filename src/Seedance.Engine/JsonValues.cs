using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>
/// Tolerant readers over System.Text.Json elements that produce plain CLR values, so no System.Text.Json type ever
/// reaches a public member (the PowerShell layer must not depend on whichever copy of it the host loaded).
/// </summary>
internal static class JsonValues
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static object? ToPlain(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    dictionary[JsonNames.Of(property)] = ToPlain(property.Value);
                }

                return dictionary;
            case JsonValueKind.Array:
                var list = new List<object?>();
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(ToPlain(item));
                }

                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var whole))
                {
                    return whole;
                }

                if (element.TryGetDecimal(out var exact))
                {
                    return exact;
                }

                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    public static IDictionary<string, object?>? Dictionary(JsonElement parent, string name) =>
        TryGet(parent, name, out var value) && value.ValueKind == JsonValueKind.Object
            ? (IDictionary<string, object?>)ToPlain(value)!
            : null;

    public static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null
            && value.ValueKind != JsonValueKind.Undefined)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>A string field; numbers and booleans are accepted and turned into their text.</summary>
    public static string? String(JsonElement parent, params string[] names) => First(parent, names, value => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    });

    public static long? Long(JsonElement parent, params string[] names) => First<long?>(parent, names, value =>
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out var whole))
            {
                return whole;
            }

            if (value.TryGetDouble(out var real) && !double.IsNaN(real) && Math.Abs(real) < long.MaxValue)
            {
                return (long)Math.Round(real);
            }
        }
        else if (value.ValueKind == JsonValueKind.String
                 && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return null;
    });

    public static int? Int(JsonElement parent, params string[] names)
    {
        var value = Long(parent, names);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value.Value : null;
    }

    public static double? Double(JsonElement parent, params string[] names) => First<double?>(parent, names, value =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number
        : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null);

    /// <summary>Money: the API sends decimal strings ("0.55"); numbers are accepted too.</summary>
    public static decimal? Decimal(JsonElement parent, params string[] names) => First<decimal?>(parent, names, value =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) ? number
        : value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null);

    public static bool? Bool(JsonElement parent, params string[] names) => First<bool?>(parent, names, value => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
        _ => null,
    });

    public static DateTimeOffset? Time(JsonElement parent, params string[] names)
    {
        var text = String(parent, names);
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : null;
    }

    /// <summary>The first of <paramref name="names"/> (a field and its alternative spellings, in order of preference)
    /// that is present and that <paramref name="read"/> can read; a present field of the wrong kind gives way to the next
    /// name.</summary>
    private static T First<T>(JsonElement parent, string[] names, Func<JsonElement, T> read)
    {
        foreach (var name in names)
        {
            if (TryGet(parent, name, out var value) && read(value) is { } found)
            {
                return found;
            }
        }

        return default!;
    }

    public static JsonDocument Parse(string json, string what, string? requestId = null)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw NotJson(what, exception, requestId);
        }
    }

    public static JsonDocument Parse(ReadOnlySequence<byte> utf8, string what, string? requestId = null)
    {
        try
        {
            return JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw NotJson(what, exception, requestId);
        }
    }

    /// <summary>The error for an answer (<paramref name="what"/>: "a run", "a page of runs") that is not JSON.</summary>
    public static RunflowProtocolException NotJson(string what, JsonException exception, string? requestId) =>
        new($"The server sent {what} that is not valid JSON: {exception.Message}", exception, requestId);

    /// <summary>The error for an answer that is JSON but not of the shape its reader expects.</summary>
    public static RunflowProtocolException UnexpectedShape(string what, InvalidOperationException exception, string? requestId) =>
        new($"The server sent {what} of an unexpected shape: {exception.Message}", exception, requestId);
}
