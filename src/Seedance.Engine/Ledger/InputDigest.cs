using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace Seedance.Engine.Ledger;

/// <summary>
/// A digest of a model input that does not change with how a value was written: <c>10</c> and <c>"10"</c>, <c>true</c>
/// and <c>"true"</c>, key order and null fields are all the same input. Two rows are "the same work" exactly when their
/// digests are equal.
/// </summary>
public static class InputDigest
{
    public static string Of(IDictionary<string, object?>? input)
    {
        var builder = new StringBuilder();
        Append(builder, input ?? new Dictionary<string, object?>());
        using var sha = SHA256.Create();
        return Hex.Lower(sha.ComputeHash(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static void Append(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string text:
                AppendText(builder, text);
                break;
            case bool flag:
                AppendText(builder, flag ? "true" : "false");
                break;
            case IDictionary<string, object?> map:
                builder.Append('{');
                foreach (var pair in map.Where(pair => pair.Value is not null).OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    AppendText(builder, pair.Key);
                    builder.Append(':');
                    Append(builder, pair.Value);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case IFormattable number:
                AppendText(builder, Number(number));
                break;
            case IEnumerable items:
                builder.Append('[');
                foreach (var item in items)
                {
                    Append(builder, item);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            default:
                AppendText(builder, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    private static string Number(IFormattable number)
    {
        var text = number.ToString(null, CultureInfo.InvariantCulture);
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            ? exact.ToString("0.############################", CultureInfo.InvariantCulture)
            : text;
    }

    private static void AppendText(StringBuilder builder, string text)
    {
        // A number written as text ("10", "10.0") is the same value as the number.
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) && text.Length < 30)
        {
            text = exact.ToString("0.############################", CultureInfo.InvariantCulture);
        }

        builder.Append('"').Append(text.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
    }
}
