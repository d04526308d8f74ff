using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>
/// The search filter language (<c>q</c>) as the docs sketch it: <c>field:value</c>, <c>field=value</c>, <c>&gt; &lt; &gt;=
/// &lt;=</c>, <c>AND</c>, <c>OR</c>, <c>NOT</c>, parentheses; values bare (up to a space or parenthesis) or
/// double-quoted with backslash escapes. String matching is case-sensitive; dates and numbers compare as such.
/// </summary>
internal sealed class RunFilter
{
    private readonly Func<JsonObject, bool> predicate;

    private RunFilter(Func<JsonObject, bool> predicate)
    {
        this.predicate = predicate;
    }

    public bool Matches(JsonObject run) => predicate(run);

    /// <summary>Parses a filter; throws <see cref="FormatException"/> with the position of the problem.</summary>
    public static RunFilter Parse(string text) => new(new Parser(text).ParseAll());

    private sealed class Parser
    {
        private readonly string text;
        private int position;

        public Parser(string text)
        {
            this.text = text;
        }

        public Func<JsonObject, bool> ParseAll()
        {
            var expression = ParseOr();
            SkipSpaces();
            if (position < text.Length)
            {
                throw Error("unexpected text");
            }

            return expression;
        }

        private Func<JsonObject, bool> ParseOr()
        {
            var left = ParseAnd();
            while (TryKeyword("OR"))
            {
                var first = left;
                var second = ParseAnd();
                left = run => first(run) || second(run);
            }

            return left;
        }

        private Func<JsonObject, bool> ParseAnd()
        {
            var left = ParseNot();
            while (TryKeyword("AND"))
            {
                var first = left;
                var second = ParseNot();
                left = run => first(run) && second(run);
            }

            return left;
        }

        private Func<JsonObject, bool> ParseNot()
        {
            if (TryKeyword("NOT"))
            {
                var inner = ParseNot();
                return run => !inner(run);
            }

            SkipSpaces();
            if (position < text.Length && text[position] == '(')
            {
                position++;
                var inner = ParseOr();
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

        private Func<JsonObject, bool> ParseComparison()
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

            var field = text.Substring(start, position - start);
            SkipSpaces();
            string op;
            if (position + 1 < text.Length && (text.Substring(position, 2) is ">=" or "<="))
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
                throw Error($"expected an operator after '{field}'");
            }

            SkipSpaces();
            var value = ParseValue();
            return run => Compare(Lookup(run, field), op, value);
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

            return text.Substring(start, position - start);
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

    private static string? Lookup(JsonObject run, string field)
    {
        JsonNode? node = run;
        foreach (var part in field.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };
    }

    private static bool Compare(string? actual, string op, string expected)
    {
        if (op is ":" or "=")
        {
            return string.Equals(actual, expected, StringComparison.Ordinal);
        }

        if (actual is null)
        {
            return false;
        }

        int order;
        if (DateTimeOffset.TryParse(actual, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var actualTime)
            && DateTimeOffset.TryParse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expectedTime))
        {
            order = actualTime.CompareTo(expectedTime);
        }
        else if (decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var actualNumber)
                 && decimal.TryParse(expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var expectedNumber))
        {
            order = actualNumber.CompareTo(expectedNumber);
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
