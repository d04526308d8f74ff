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

    /// <summary>A page of <paramref name="items"/> with the cursors <paramref name="root"/> names.</summary>
    internal static RunPage WithCursors(IReadOnlyList<Run> items, JsonElement root) =>
        new(items, Cursor(root, "next", "next_pq"), Cursor(root, "previous", "prev_pq", "previous_pq"), Cursor(root, "first", "first_pq"));

    private static string? Cursor(JsonElement root, params string[] names)
    {
        var value = JsonValues.String(root, names);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
