using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Seedance.Engine;

/// <summary>
/// Builds Runflow filter expressions (<c>q</c>). The grammar is only sketched in the docs ("field:value", AND, OR, NOT,
/// comparisons), so values are left bare whenever they can be and double-quoted only when they hold other characters,
/// and an alternative or a caller's own expression is parenthesized before it is joined to others by AND.
/// </summary>
public static class RunQuery
{
    public static string Term(string field, string value) => field + ":" + Value(value);

    public static string ForClientRef(string clientRef) => Term("client_ref", clientRef);

    /// <summary>Runs of one model, by the model's UUID (runs carry <c>model_id</c>, not the model path).</summary>
    public static string ForModelId(string modelId) => Term("model_id", modelId);

    /// <summary>Runs in any of <paramref name="statuses"/>, under every spelling the docs use for each.</summary>
    public static string ForStatuses(IEnumerable<RunStatus> statuses) =>
        AnyOf(statuses.SelectMany(RunStatuses.ApiSpellings).Distinct(StringComparer.Ordinal).Select(code => Term("status_code", code)),
            nameof(statuses));

    /// <summary>Runs created at or after <paramref name="since"/>: one of the two filters the docs show (the other is
    /// status_code), written bare as in the docs' example.</summary>
    public static string CreatedSince(DateTimeOffset since) =>
        "created_at>=" + since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The runs every expression matches; empty when there is none. An expression with more than one term (an
    /// OR of alternatives, a caller's own filter) is parenthesized, so AND binds to the whole of it.</summary>
    public static string AllOf(IEnumerable<string> expressions)
    {
        var parts = expressions.Where(expression => !string.IsNullOrWhiteSpace(expression)).Select(expression => expression.Trim()).ToList();
        return parts.Count == 1
            ? parts[0]
            : string.Join(" AND ", parts.Select(part => IsSingleTerm(part) ? part : "(" + part + ")"));
    }

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

    private static string AnyOf(IEnumerable<string> terms, string parameterName)
    {
        var list = terms.ToList();
        return list.Count == 0
            ? throw new ArgumentException("At least one value is needed.", parameterName)
            : string.Join(" OR ", list);
    }

    /// <summary>True when the expression has no white space outside its quoted values: one comparison, which needs no
    /// parentheses (operators are words, so any second term is set off by a space).</summary>
    private static bool IsSingleTerm(string expression)
    {
        var quoted = false;
        for (var index = 0; index < expression.Length; index++)
        {
            var character = expression[index];
            if (quoted && character == '\\')
            {
                index++;
            }
            else if (character == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && char.IsWhiteSpace(character))
            {
                return false;
            }
        }

        return true;
    }
}
