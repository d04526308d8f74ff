using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Seedance.Emulator;

/// <summary>The order of search results: <c>sort_by</c> keys read and applied.</summary>
internal static class RunOrder
{
    /// <summary>The keys of <c>sort_by</c> (default <c>created_at:desc</c>), or a problem for a malformed one.</summary>
    public static List<(string Field, bool Descending)> Parse(string? sortBy, out string? problem)
    {
        problem = null;
        var keys = new List<(string, bool)>();
        foreach (var key in (string.IsNullOrWhiteSpace(sortBy) ? "created_at:desc" : sortBy)
                     .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = key.Split(':');
            var direction = parts.Length > 1 ? parts[1].ToLowerInvariant() : "asc";
            if (parts.Length > 2 || parts[0].Length == 0 || !parts[0].All(character => char.IsAsciiLetterOrDigit(character) || character is '_' or '.')
                || direction is not ("asc" or "desc"))
            {
                problem = $"sort_by takes field:asc or field:desc keys separated by commas, not '{key}'.";
                return keys;
            }

            keys.Add((parts[0], direction == "desc"));
        }

        return keys;
    }

    /// <summary>Sorts by the requested keys; created_at follows creation order exactly (timestamps can tie within a
    /// millisecond), and creation order breaks every other tie, so pages never overlap or skip.</summary>
    public static List<EmulatedRun> Sort(List<(EmulatedRun Run, Func<string, JsonNode?> Fields)> runs, List<(string Field, bool Descending)> keys)
    {
        IOrderedEnumerable<(EmulatedRun Run, Func<string, JsonNode?> Fields)>? ordered = null;
        var lastDescending = true;
        foreach (var (field, descending) in keys)
        {
            lastDescending = descending;
            if (field == "created_at")
            {
                ordered = Then(ordered, runs, run => run.Run.Sequence, Comparer<long>.Default, descending);
            }
            else
            {
                // Key selectors run once per run, so each run's value is read once, not once per comparison.
                ordered = Then(ordered, runs, run => Lookup(run.Fields, field), Comparer<JsonNode?>.Create(CompareValues), descending);
            }
        }

        var result = ordered is null ? runs.OrderByDescending(run => run.Run.Sequence)
            : lastDescending ? ordered.ThenByDescending(run => run.Run.Sequence) : ordered.ThenBy(run => run.Run.Sequence);
        return result.Select(run => run.Run).ToList();
    }

    private static IOrderedEnumerable<T> Then<T, TKey>(IOrderedEnumerable<T>? ordered, IEnumerable<T> source, Func<T, TKey> key, IComparer<TKey> comparer, bool descending) =>
        ordered is null
            ? descending ? source.OrderByDescending(key, comparer) : source.OrderBy(key, comparer)
            : descending ? ordered.ThenByDescending(key, comparer) : ordered.ThenBy(key, comparer);

    private static JsonNode? Lookup(Func<string, JsonNode?> fields, string path)
    {
        var parts = path.Split('.');
        var node = fields(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            node = node is JsonObject json && json.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>Nulls first, numbers by value, timestamps by time, other strings ordinally.</summary>
    private static int CompareValues(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
        {
            return (left is null ? 0 : 1) - (right is null ? 0 : 1);
        }

        if (left is JsonValue a && right is JsonValue b)
        {
            if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
            {
                return a.GetValue<decimal>().CompareTo(b.GetValue<decimal>());
            }

            var leftText = JsonRead.String(a);
            var rightText = JsonRead.String(b);
            if (leftText is not null && rightText is not null)
            {
                if (decimal.TryParse(leftText, NumberStyles.Float, CultureInfo.InvariantCulture, out var leftNumber)
                    && decimal.TryParse(rightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var rightNumber))
                {
                    return leftNumber.CompareTo(rightNumber);
                }

                return string.CompareOrdinal(leftText, rightText);
            }
        }

        return string.CompareOrdinal(left.ToJsonString(), right.ToJsonString());
    }
}
