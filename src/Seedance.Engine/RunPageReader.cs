using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>
/// Reads a page of runs from the answer's UTF-8 bytes one item at a time: each item is parsed on its own and let go,
/// rather than the whole page as one document (whose parse rents buffers as large as the answer from the shared pool,
/// where they stay). The page's other members (the cursors) are read by the usual
/// rules (<see cref="RunPage.WithCursors"/>), from a small document of those members alone.
/// </summary>
internal static class RunPageReader
{
    private const string What = "a page of runs";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = JsonValues.DocumentOptions.MaxDepth };

    /// <summary>The page, each item read by <paramref name="readItem"/> (an item it gives null for is left out).</summary>
    /// <exception cref="RunflowProtocolException">The bytes are not JSON, or hold no items array.</exception>
    public static RunPage Read(ReadOnlySequence<byte> utf8, Func<JsonElement, Run?> readItem, string? requestId)
    {
        try
        {
            return ReadPage(utf8, readItem);
        }
        catch (JsonException exception)
        {
            throw JsonValues.NotJson(What, exception, requestId);
        }
        catch (InvalidOperationException exception)
        {
            throw JsonValues.UnexpectedShape(What, exception, requestId);
        }
    }

    private static RunPage ReadPage(ReadOnlySequence<byte> utf8, Func<JsonElement, Run?> readItem)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("The answer is empty.");
        }

        var runs = new List<Run>();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadItems(ref reader, utf8, readItem, runs);
            EndOfAnswer(ref reader);
            return new RunPage(runs, null, null, null);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw NoItems();
        }

        var itemsRead = false;
        using var others = new MemoryStream();
        using (var writer = new Utf8JsonWriter(others))
        {
            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (!itemsRead && name == "items" && reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadItems(ref reader, utf8, readItem, runs);
                    itemsRead = true;
                    continue;
                }

                using var value = JsonDocument.ParseValue(ref reader);
                writer.WritePropertyName(name);
                value.RootElement.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        EndOfAnswer(ref reader);
        if (!itemsRead)
        {
            throw NoItems();
        }

        using var rest = JsonDocument.Parse(new ReadOnlyMemory<byte>(others.GetBuffer(), 0, (int)others.Length), JsonValues.DocumentOptions);
        return RunPage.WithCursors(runs, rest.RootElement);
    }

    private static void ReadItems(ref Utf8JsonReader reader, ReadOnlySequence<byte> utf8, Func<JsonElement, Run?> readItem, List<Run> runs)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = reader.TokenStartIndex;
            reader.Skip();
            using var item = JsonDocument.Parse(utf8.Slice(start, reader.BytesConsumed - start), JsonValues.DocumentOptions);
            if (readItem(item.RootElement) is { } run)
            {
                runs.Add(run);
            }
        }
    }

    // Whatever follows the one root value makes the answer invalid JSON, as it did for the whole-document parse.
    private static void EndOfAnswer(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("The answer goes on after its end.");
        }
    }

    private static RunflowProtocolException NoItems() => new("The search answer has no items array.");
}
