using System;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading;

namespace Seedance.Engine;

/// <summary>
/// One shared copy of each member name, and of values that repeat across runs (a status, a model id): a run object has
/// some forty members, and every run read kept its own copy of each name (in <see cref="Run.PresentFields"/> and the
/// input and output dictionaries), about 2 KB per run held as long as the caller holds the run. The table is bounded,
/// so a server that invents names cannot grow it without end; past the bound a name is simply not shared.
/// </summary>
internal static class JsonNames
{
    private const int MaxEntries = 4096;
    private const int MaxLength = 64;
    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);
    private static int entries;

    public static string Of(JsonProperty property) => Share(property.Name)!;

    public static string? Share(string? text)
    {
        if (text is null || text.Length > MaxLength)
        {
            return text;
        }

        if (Shared.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (Volatile.Read(ref entries) >= MaxEntries)
        {
            return text;
        }

        // Counted here rather than by the dictionary's Count, which takes every one of its locks.
        if (Shared.TryAdd(text, text))
        {
            Interlocked.Increment(ref entries);
            return text;
        }

        return Shared.TryGetValue(text, out shared) ? shared : text;
    }
}
