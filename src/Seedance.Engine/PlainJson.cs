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
        var plain = ToPlain(value, "$");
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            Write(writer, plain, sortKeys);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The value as JSON will hold it: null, string, bool, long, ulong, double, decimal, or dictionaries and lists of
    /// those (dates, GUIDs, URIs, enums and chars become strings). <paramref name="unwrap"/>, when given, first turns
    /// each value (and each dictionary key) a host wraps into the value it stands for, so the same list of accepted
    /// types serves every caller.
    /// </summary>
    /// <exception cref="RunflowValidationException">A value JSON cannot hold, a key that is not a string, or nesting
    /// deeper than 32 levels (a value that refers to itself).</exception>
    public static object? ToPlain(object? value, string path, Func<object, object?>? unwrap = null) => ToPlain(value, path, 0, unwrap);

    private static object? ToPlain(object? value, string path, int depth, Func<object, object?>? unwrap)
    {
        if (depth > MaxDepth)
        {
            throw new RunflowValidationException(path, null, $"{path} is nested more than {MaxDepth} levels deep (or refers to itself).");
        }

        if (value is not null && unwrap is not null)
        {
            value = unwrap(value);
        }

        switch (value)
        {
            case null or string or bool or ulong or decimal:
                return value;
            case byte or sbyte or short or ushort or int or uint or long:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case float or double:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return double.IsNaN(number) || double.IsInfinity(number)
                    ? throw new RunflowValidationException(path, value, $"{path} is {number}, which JSON cannot represent.")
                    : number;
            case DateTimeOffset offset:
                return offset.ToString("o", CultureInfo.InvariantCulture);
            case DateTime time:
                // A time of unspecified kind is local, as PowerShell's date literals are; either way the offset is written.
                return new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Local) : time)
                    .ToString("o", CultureInfo.InvariantCulture);
            case Guid or Uri or Enum or char:
                return Convert.ToString(value, CultureInfo.InvariantCulture);
            case IDictionary<string, object?> dictionary:
                return dictionary.ToDictionary(pair => pair.Key, pair => ToPlain(pair.Value, path + "." + pair.Key, depth + 1, unwrap), StringComparer.Ordinal);
            case IDictionary legacy:
                var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in legacy)
                {
                    var key = unwrap is null ? entry.Key : unwrap(entry.Key);
                    if (key is not string text)
                    {
                        throw new RunflowValidationException(path, key, $"{path} has a key of type {Describe(key)}; JSON keys must be strings.");
                    }

                    entries[text] = ToPlain(entry.Value, path + "." + text, depth + 1, unwrap);
                }

                return entries;
            case IEnumerable sequence:
                var items = new List<object?>();
                foreach (var item in sequence)
                {
                    items.Add(ToPlain(item, $"{path}[{items.Count}]", depth + 1, unwrap));
                }

                return items;
            default:
                throw new RunflowValidationException(path, value,
                    $"{path} holds a {Describe(value)}, which cannot be sent as JSON; use strings, numbers, booleans, dictionaries (a hashtable) or lists (an array).");
        }
    }

    /// <summary>Writes a value that ToPlain made.</summary>
    private static void Write(Utf8JsonWriter writer, object? plain, bool sortKeys)
    {
        switch (plain)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long whole:
                writer.WriteNumberValue(whole);
                break;
            case ulong unsignedLong:
                writer.WriteNumberValue(unsignedLong);
                break;
            case double real:
                writer.WriteNumberValue(real);
                break;
            case decimal exact:
                writer.WriteNumberValue(exact);
                break;
            case Dictionary<string, object?> dictionary:
                writer.WriteStartObject();
                foreach (var pair in sortKeys ? dictionary.OrderBy(pair => pair.Key, StringComparer.Ordinal) : (IEnumerable<KeyValuePair<string, object?>>)dictionary)
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value, sortKeys);
                }

                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item, sortKeys);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"{plain.GetType().FullName} is not a value ToPlain returns.");
        }
    }

    private static string Describe(object? value) => value is null ? "null" : value.GetType().FullName ?? value.GetType().Name;
}
