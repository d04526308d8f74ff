using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>
/// One page of a search. The API reference names the cursors <c>next</c>/<c>previous</c>/<c>first</c>, the concepts
/// page <c>next_pq</c>/<c>prev_pq</c>: both are read. A cursor goes back in as <c>pq</c>.
/// </summary>
public sealed class RunPage
{
    public RunPage(IReadOnlyList<Run> items, string? nextCursor, string? previousCursor, string? firstCursor)
    {
        Items = items;
        NextCursor = nextCursor;
        PreviousCursor = previousCursor;
        FirstCursor = firstCursor;
    }

    public IReadOnlyList<Run> Items { get; }

    public string? NextCursor { get; }

    public string? PreviousCursor { get; }

    public string? FirstCursor { get; }

    internal static RunPage FromElement(JsonElement root) => FromElement(root, Run.FromElement);

    /// <summary>The page with each item read by <paramref name="readItem"/>; an item it gives null for is left out.</summary>
    internal static RunPage FromElement(JsonElement root, Func<JsonElement, Run?> readItem)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return new RunPage(Read(root, readItem), null, null, null);
        }

        if (!JsonValues.TryGet(root, "items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new RunflowProtocolException("The search answer has no items array.");
        }

        return WithCursors(Read(items, readItem), root);
    }

    /// <summary>A page of <paramref name="items"/> with the cursors <paramref name="root"/> names.</summary>
    internal static RunPage WithCursors(IReadOnlyList<Run> items, JsonElement root) =>
        new(items, Cursor(root, "next", "next_pq"), Cursor(root, "previous", "prev_pq", "previous_pq"), Cursor(root, "first", "first_pq"));

    private static List<Run> Read(JsonElement items, Func<JsonElement, Run?> readItem)
    {
        var runs = new List<Run>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            if (readItem(item) is { } run)
            {
                runs.Add(run);
            }
        }

        return runs;
    }

    private static string? Cursor(JsonElement root, params string[] names)
    {
        var value = JsonValues.String(root, names);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
