using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>
/// Writes plain CLR values (strings, booleans, numbers, dates, dictionaries, lists, null) as JSON. Anything else is
/// rejected with the path of the offending value before a request is made, never serialised by reflection.
/// </summary>
public static class PlainJson
{
    private const int MaxDepth = 32;

    public static string Serialize(object? value, bool indented = false, bool sortKeys = false) =>
        Encoding.UTF8.GetString(SerializeToUtf8(value, indented, sortKeys));

    public static byte[] SerializeToUtf8(object? value, bool indented = false, bool sortKeys = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            Write(writer, value, "$", 0, sortKeys);
        }

        return stream.ToArray();
    }

    internal static void Write(Utf8JsonWriter writer, object? value, string path, int depth, bool sortKeys)
    {
        if (depth > MaxDepth)
        {
            throw new RunflowValidationException(path, null, $"{path} is nested more than {MaxDepth} levels deep (or refers to itself).");
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string text:
                writer.WriteStringValue(text);
                return;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return;
            case byte or sbyte or short or ushort or int or uint or long:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case ulong unsignedLong:
                writer.WriteNumberValue(unsignedLong);
                return;
            case float or double:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(number) || double.IsInfinity(number))
                {
                    throw new RunflowValidationException(path, value, $"{path} is {number}, which JSON cannot represent.");
                }

                writer.WriteNumberValue(number);
                return;
            case decimal exact:
                writer.WriteNumberValue(exact);
                return;
            case DateTimeOffset offset:
                writer.WriteStringValue(offset.ToString("o", CultureInfo.InvariantCulture));
                return;
            case DateTime time:
                writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                return;
            case Guid or Uri or Enum or char:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case IDictionary<string, object?> dictionary:
                writer.WriteStartObject();
                foreach (var pair in sortKeys ? dictionary.OrderBy(pair => pair.Key, StringComparer.Ordinal) : (IEnumerable<KeyValuePair<string, object?>>)dictionary)
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value, path + "." + pair.Key, depth + 1, sortKeys);
                }

                writer.WriteEndObject();
                return;
            case IDictionary legacy:
                var entries = new List<KeyValuePair<string, object?>>();
                foreach (DictionaryEntry entry in legacy)
                {
                    if (entry.Key is not string key)
                    {
                        throw new RunflowValidationException(path, entry.Key, $"{path} has a key that is not a string.");
                    }

                    entries.Add(new KeyValuePair<string, object?>(key, entry.Value));
                }

                Write(writer, entries.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal), path, depth, sortKeys);
                return;
            case IEnumerable sequence:
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in sequence)
                {
                    Write(writer, item, $"{path}[{index++}]", depth + 1, sortKeys);
                }

                writer.WriteEndArray();
                return;
            default:
                throw new RunflowValidationException(path, value,
                    $"{path} holds a {value.GetType().FullName}, which cannot be sent as JSON; use strings, numbers, booleans, dictionaries or lists.");
        }
    }
}
