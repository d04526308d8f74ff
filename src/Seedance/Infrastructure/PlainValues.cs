using System;
using System.Collections.Generic;
using System.Management.Automation;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// Converts PowerShell values (hashtables, [pscustomobject]s, arrays, PSObject wrappers) into the plain CLR values the
/// engine serialises, so that anything that cannot become JSON is rejected before a request is made. Which values JSON
/// can hold is the engine's rule (<see cref="PlainJson.ToPlain"/>); this only says what PowerShell's wrappers stand for.
/// </summary>
internal static class PlainValues
{
    /// <exception cref="RunflowValidationException">The value is not a dictionary, or holds something JSON cannot.</exception>
    public static IDictionary<string, object?> ToDictionary(object value, string name) =>
        PlainJson.ToPlain(value, name, Unwrap) as IDictionary<string, object?>
        ?? throw new RunflowValidationException(name, value,
            $"{name} must be a hashtable or an object with properties, not {(value is PSObject wrapped ? wrapped.BaseObject : value).GetType().FullName}.");

    /// <summary>A [pscustomobject] stands for its properties; any other PSObject for the object it wraps.</summary>
    private static object? Unwrap(object value)
    {
        if (value is not PSObject wrapped)
        {
            return value;
        }

        if (wrapped.BaseObject is PSCustomObject)
        {
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in wrapped.Properties)
            {
                properties[property.Name] = property.Value;
            }

            return properties;
        }

        return wrapped.BaseObject;
    }
}
