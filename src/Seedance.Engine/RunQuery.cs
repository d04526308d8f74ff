using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Seedance.Engine;

/// <summary>
/// Builds Runflow filter expressions (<c>q</c>). The grammar is only sketched in the docs ("field:value", AND, OR, NOT,
/// comparisons), so values are left bare whenever they can be and double-quoted only when they hold other characters.
/// </summary>
public static class RunQuery
{
    public static string Term(string field, string value) => field + ":" + Value(value);

    public static string ForClientRef(string clientRef) => Term("client_ref", clientRef);

    /// <summary>Runs created at or after <paramref name="since"/>: one of the two filters the docs show (the other is
    /// status_code), written bare as in the docs' example.</summary>
    public static string CreatedSince(DateTimeOffset since) =>
        "created_at>=" + since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string ForIds(IEnumerable<string> runIds)
    {
        var terms = runIds.Select(id => Term("id", id)).ToList();
        if (terms.Count == 0)
        {
            throw new ArgumentException("At least one run id is needed.", nameof(runIds));
        }

        return terms.Count == 1 ? terms[0] : string.Join(" OR ", terms);
    }

    public static string And(params string[] expressions) => Join(" AND ", expressions);

    public static string Or(params string[] expressions) => Join(" OR ", expressions);

    /// <summary>A value as it must appear in an expression: bare when it is made of letters, digits, <c>_ . -</c>,
    /// otherwise double-quoted with backslash escapes.</summary>
    public static string Value(string value)
    {
        if (value.Length > 0 && value.All(character => character < 128 && (char.IsLetterOrDigit(character) || character is '_' or '.' or '-')))
        {
            return value;
        }

        var builder = new StringBuilder("\"");
        foreach (var character in value)
        {
            if (character is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(character);
        }

        return builder.Append('"').ToString();
    }

    private static string Join(string separator, string[] expressions)
    {
        var parts = expressions.Where(expression => !string.IsNullOrWhiteSpace(expression)).ToList();
        return parts.Count == 1 ? parts[0] : string.Join(separator, parts.Select(part => "(" + part + ")"));
    }
}
