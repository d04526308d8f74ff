using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>
/// The search filter language (<c>q</c>) as the docs sketch it: <c>field:value</c>, <c>field=value</c>, <c>&gt; &lt; &gt;=
/// &lt;=</c>, <c>AND</c>, <c>OR</c>, <c>NOT</c> (upper case), parentheses; values bare (up to a space or parenthesis)
/// or double-quoted with backslash escapes; a dotted field reaches into an object (<c>metadata.row</c>). Strings match
/// case-sensitively; numbers and timestamps compare by value; a bare <c>null</c> matches a missing or null field.
/// </summary>
internal sealed class RunFilter
{
    private readonly Func<Func<string, JsonNode?>, bool> predicate;

    private RunFilter(Func<Func<string, JsonNode?>, bool> predicate, IReadOnlySet<string> fields)
    {
        this.predicate = predicate;
        Fields = fields;
    }

    /// <summary>The top-level fields the filter names anywhere, e.g. <c>metadata</c> for <c>metadata.row:1</c>; a server
    /// that does not filter on some field refuses a filter naming it.</summary>
    public IReadOnlySet<string> Fields { get; }

    /// <summary>Evaluates the filter against a run whose top-level fields <paramref name="fields"/> supplies by name (only
    /// the fields the filter names are asked for).</summary>
    public bool Matches(Func<string, JsonNode?> fields) => predicate(fields);

    /// <summary>Parses a filter; throws <see cref="FormatException"/> naming the position of the problem. Field names
    /// must be among <paramref name="knownFields"/>.</summary>
    public static RunFilter Parse(string text, IReadOnlyCollection<string> knownFields)
    {
        var parser = new Parser(text, knownFields);
        return new RunFilter(parser.ParseAll(), parser.Referenced);
    }

    /// <summary>A parsed sub-expression; an equality test also keeps its field and value, so that a long OR of them on
    /// one field (how clients poll many runs: <c>id:a OR id:b OR ...</c>) becomes one set lookup.</summary>
    private sealed record Expression(Func<Func<string, JsonNode?>, bool> Evaluate, string? EqualityField = null, string? EqualityValue = null);

    private sealed class Parser
    {
        private const int MaxDepth = 64;
        private readonly string text;
        private readonly IReadOnlyCollection<string> knownFields;
        private int position;
        private int depth;

        public HashSet<string> Referenced { get; } = new(StringComparer.Ordinal);

        public Parser(string text, IReadOnlyCollection<string> knownFields)
        {
            this.text = text;
            this.knownFields = knownFields;
        }

        public Func<Func<string, JsonNode?>, bool> ParseAll()
        {
            var expression = ParseOr();
            SkipSpaces();
            if (position < text.Length)
            {
                throw Error("unexpected text");
            }

            return expression.Evaluate;
        }

        private Expression ParseOr()
        {
            var terms = new List<Expression> { ParseAnd() };
            while (TryKeyword("OR"))
            {
                terms.Add(ParseAnd());
            }

            if (terms.Count == 1)
            {
                return terms[0];
            }

            var field = terms[0].EqualityField;
            if (field is not null && terms.All(term => term.EqualityField == field))
            {
                var values = terms.Select(term => term.EqualityValue!).ToHashSet(StringComparer.Ordinal);
                var path = field.Split('.');
                return new Expression(fields => Lookup(fields, path) is { } actual && values.Contains(actual));
            }

            var evaluators = terms.Select(term => term.Evaluate).ToArray();
            return new Expression(fields => evaluators.Any(evaluate => evaluate(fields)));
        }

        private Expression ParseAnd()
        {
            var terms = new List<Expression> { ParseNot() };
            while (TryKeyword("AND"))
            {
                terms.Add(ParseNot());
            }

            if (terms.Count == 1)
            {
                return terms[0];
            }

            var evaluators = terms.Select(term => term.Evaluate).ToArray();
            return new Expression(fields => evaluators.All(evaluate => evaluate(fields)));
        }

        private Expression ParseNot()
        {
            if (TryKeyword("NOT"))
            {
                if (++depth > MaxDepth)
                {
                    throw Error("NOT nested too deeply");
                }

                var inner = ParseNot().Evaluate;
                depth--;
                return new Expression(fields => !inner(fields));
            }

            SkipSpaces();
            if (position < text.Length && text[position] == '(')
            {
                if (++depth > MaxDepth)
                {
                    throw Error("parentheses nested too deeply");
                }

                position++;
                var inner = ParseOr();
                depth--;
                SkipSpaces();
                if (position >= text.Length || text[position] != ')')
                {
                    throw Error("missing ')'");
                }

                position++;
                return inner;
            }

            return ParseComparison();
        }

        private Expression ParseComparison()
        {
            SkipSpaces();
            var start = position;
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is '_' or '.'))
            {
                position++;
            }

            if (position == start)
            {
                throw Error("expected a field name");
            }

            var field = text[start..position];
            var path = field.Split('.');
            if (!knownFields.Contains(path[0]) || path.Any(part => part.Length == 0))
            {
                position = start;
                throw Error($"unknown field '{field}' (known: {string.Join(", ", knownFields)})");
            }

            Referenced.Add(path[0]);

            SkipSpaces();
            string op;
            if (position + 1 < text.Length && text.Substring(position, 2) is ">=" or "<=")
            {
                op = text.Substring(position, 2);
                position += 2;
            }
            else if (position < text.Length && text[position] is ':' or '=' or '>' or '<')
            {
                op = text[position].ToString();
                position++;
            }
            else
            {
                throw Error($"expected an operator (: = > < >= <=) after '{field}'");
            }

            SkipSpaces();
            var quoted = position < text.Length && text[position] == '"';
            var value = ParseValue();
            var equality = op is ":" or "=";
            // A bare null matches a JSON null (e.g. batch_id:null); "null" in quotes is the four-letter string.
            if (equality && !quoted && value == "null")
            {
                return new Expression(fields => Lookup(fields, path) is null);
            }

            return equality
                ? new Expression(fields => string.Equals(Lookup(fields, path), value, StringComparison.Ordinal), field, value)
                : new Expression(fields => Order(Lookup(fields, path), op, value));
        }

        private string ParseValue()
        {
            if (position < text.Length && text[position] == '"')
            {
                position++;
                var builder = new StringBuilder();
                while (position < text.Length && text[position] != '"')
                {
                    if (text[position] == '\\' && position + 1 < text.Length)
                    {
                        position++;
                    }

                    builder.Append(text[position++]);
                }

                if (position >= text.Length)
                {
                    throw Error("unterminated quoted value");
                }

                position++;
                return builder.ToString();
            }

            var start = position;
            while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] is not '(' and not ')')
            {
                position++;
            }

            if (position == start)
            {
                throw Error("expected a value");
            }

            return text[start..position];
        }

        private bool TryKeyword(string keyword)
        {
            SkipSpaces();
            if (position + keyword.Length <= text.Length
                && string.CompareOrdinal(text, position, keyword, 0, keyword.Length) == 0
                && (position + keyword.Length == text.Length || char.IsWhiteSpace(text[position + keyword.Length]) || text[position + keyword.Length] == '('))
            {
                position += keyword.Length;
                return true;
            }

            return false;
        }

        private void SkipSpaces()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        private FormatException Error(string problem) => new($"Invalid filter at position {position}: {problem}.");
    }

    /// <summary>The field's value as text (JSON text for numbers, booleans and objects), or null when absent or null.</summary>
    private static string? Lookup(Func<string, JsonNode?> fields, string[] path)
    {
        var node = fields(path[0]);
        for (var index = 1; index < path.Length && node is not null; index++)
        {
            node = node is JsonObject json && json.TryGetPropertyValue(path[index], out var child) ? child : null;
        }

        return node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };
    }

    private static bool Order(string? actual, string op, string expected)
    {
        if (actual is null)
        {
            return false;
        }

        int order;
        if (decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var actualNumber)
            && decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var expectedNumber))
        {
            order = actualNumber.CompareTo(expectedNumber);
        }
        else if (DateTimeOffset.TryParse(actual, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var actualTime)
                 && DateTimeOffset.TryParse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expectedTime))
        {
            order = actualTime.CompareTo(expectedTime);
        }
        else
        {
            order = string.CompareOrdinal(actual, expected);
        }

        return op switch
        {
            ">" => order > 0,
            "<" => order < 0,
            ">=" => order >= 0,
            _ => order <= 0,
        };
    }
}
