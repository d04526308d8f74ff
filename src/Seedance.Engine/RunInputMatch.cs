using System;
using System.Collections.Generic;

namespace Seedance.Engine;

/// <summary>Tells whether a run found on the server carries the input a create sent.</summary>
internal static class RunInputMatch
{
    /// <summary>
    /// Whether a run found by client_ref is the one this create sent: every input field it reports must carry the value
    /// sent. Fields the server dropped or added are not held against it (it may normalise input, and a missed match here
    /// means a resend, which only the Idempotency-Key then guards); a field with another value means other work.
    /// </summary>
    public static bool Matches(IDictionary<string, object?>? sent, IDictionary<string, object?> found)
    {
        if (sent is null)
        {
            return true;
        }

        foreach (var pair in sent)
        {
            if (pair.Value is null || !found.TryGetValue(pair.Key, out var value) || value is null)
            {
                continue;
            }

            // The API re-signs runflow:// asset references to HTTPS on read (and may store data: URIs as assets), so
            // those fields cannot be compared.
            if (pair.Value is string sentText
                && (sentText.StartsWith("runflow://", StringComparison.OrdinalIgnoreCase) || sentText.StartsWith("data:", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!string.Equals(Comparable(pair.Value), Comparable(value), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string Comparable(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable number when value is not IDictionary<string, object?> => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => PlainJson.Serialize(value, sortKeys: true),
    };
}
