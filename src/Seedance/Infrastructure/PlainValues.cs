using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace Seedance.Infrastructure;

/// <summary>
/// Converts PowerShell values (hashtables, [pscustomobject]s, arrays, PSObject wrappers) into the plain CLR values the
/// engine serialises, so that anything that cannot become JSON is rejected before a request is made.
/// </summary>
internal static class PlainValues
{
    private const int MaxDepth = 16;

    public static IDictionary<string, object?> ToDictionary(object value, string name)
    {
        var converted = Convert(value, name, 0);
        return converted as IDictionary<string, object?>
            ?? throw new ArgumentException($"{name} must be a hashtable or an object with properties, not {Describe(value)}.");
    }

    public static object? Convert(object? value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"{path} is nested more than {MaxDepth} levels deep (or refers to itself).");
        }

        if (value is PSObject wrapped)
        {
            if (wrapped.BaseObject is PSCustomObject)
            {
                var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in wrapped.Properties)
                {
                    properties[property.Name] = Convert(property.Value, path + "." + property.Name, depth + 1);
                }

                return properties;
            }

            value = wrapped.BaseObject;
        }

        switch (value)
        {
            case null:
                return null;
            case string or bool:
                return value;
            case byte or sbyte or short or ushort or int or uint or long or ulong:
                return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case float or double:
                var number = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(number) || double.IsInfinity(number))
                {
                    throw new ArgumentException($"{path} is {number}, which JSON cannot represent.");
                }

                return number;
            case decimal exact:
                return exact;
            case DateTime time:
                return new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Local) : time)
                    .ToString("o", CultureInfo.InvariantCulture);
            case DateTimeOffset offset:
                return offset.ToString("o", CultureInfo.InvariantCulture);
            case Guid or Uri or Enum or char:
                return System.Convert.ToString(value, CultureInfo.InvariantCulture);
            case IDictionary dictionary:
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key is PSObject keyObject ? keyObject.BaseObject : entry.Key;
                    if (key is not string text)
                    {
                        throw new ArgumentException($"{path} has a key of type {Describe(key)}; JSON keys must be strings.");
                    }

                    result[text] = Convert(entry.Value, path + "." + text, depth + 1);
                }

                return result;
            case IEnumerable sequence:
                var items = new List<object?>();
                var index = 0;
                foreach (var item in sequence)
                {
                    items.Add(Convert(item, $"{path}[{index++}]", depth + 1));
                }

                return items;
            default:
                throw new ArgumentException($"{path} holds a {Describe(value)}, which cannot be sent as JSON; use strings, numbers, booleans, hashtables or arrays.");
        }
    }

    private static string Describe(object? value) => value is null ? "null" : value.GetType().FullName ?? value.GetType().Name;
}
