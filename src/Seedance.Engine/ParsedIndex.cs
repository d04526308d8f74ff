using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Seedance.Engine;

/// <summary>
/// What this process has parsed of one <see cref="SavedFileIndex"/> file: the records up to the last complete line
/// read, and where that line ended. The file only grows (records are appended), so catching up reads the bytes after
/// that point; a file that is shorter, or whose byte before that point is not the end of a line, is not the one that
/// was read, and is parsed again from the start.
/// </summary>
internal sealed class ParsedIndex
{
    // The folders used last: a session saving into a handful of folders keeps them; one that walks many folders keeps
    // no more than this.
    private const int Kept = 8;
    private static readonly LinkedList<KeyValuePair<string, ParsedIndex>> Recent = new();

    private readonly object gate = new();
    private Dictionary<string, SavedFile> files = new(StringComparer.Ordinal);
    private long consumed;

    public static ParsedIndex For(string indexPath)
    {
        lock (Recent)
        {
            for (var node = Recent.First; node is not null; node = node.Next)
            {
                if (string.Equals(node.Value.Key, indexPath, StringComparison.Ordinal))
                {
                    Recent.Remove(node);
                    Recent.AddFirst(node);
                    return node.Value.Value;
                }
            }

            var parsed = new ParsedIndex();
            Recent.AddFirst(new KeyValuePair<string, ParsedIndex>(indexPath, parsed));
            if (Recent.Count > Kept)
            {
                Recent.RemoveLast();
            }

            return parsed;
        }
    }

    public static void Forget(string indexPath)
    {
        lock (Recent)
        {
            for (var node = Recent.First; node is not null; node = node.Next)
            {
                if (string.Equals(node.Value.Key, indexPath, StringComparison.Ordinal))
                {
                    Recent.Remove(node);
                    return;
                }
            }
        }
    }

    /// <summary>Reads what was appended to <paramref name="stream"/> (the index, locked by the caller) since the last
    /// call and returns every file's last record. The returned dictionary is never changed afterwards: new records
    /// go into a copy.</summary>
    public IReadOnlyDictionary<string, SavedFile> CatchUp(FileStream stream, Func<string, SavedFile?> parse)
    {
        lock (gate)
        {
            if (stream.Length < consumed || (consumed > 0 && ByteAt(stream, consumed - 1) != '\n'))
            {
                files = new Dictionary<string, SavedFile>(StringComparer.Ordinal);
                consumed = 0;
            }

            if (stream.Length == consumed)
            {
                return files;
            }

            stream.Position = consumed;
            var tail = new byte[stream.Length - consumed];
            var read = 0;
            while (read < tail.Length)
            {
                var count = stream.Read(tail, read, tail.Length - read);
                if (count == 0)
                {
                    break;
                }

                read += count;
            }

            // Up to the last complete line: a torn last line (a crash mid-write, or a write not yet finished by another
            // process) is read again next time, when the next record has closed it off.
            var end = read == 0 ? -1 : Array.LastIndexOf(tail, (byte)'\n', read - 1);
            if (end < 0)
            {
                return files;
            }

            var next = new Dictionary<string, SavedFile>(files, StringComparer.Ordinal);
            foreach (var line in Encoding.UTF8.GetString(tail, 0, end + 1).Split('\n'))
            {
                if (parse(line) is { } file)
                {
                    next[file.FileName] = file;
                }
            }

            files = next;
            consumed += end + 1;
            return files;
        }
    }

    private static int ByteAt(FileStream stream, long position)
    {
        stream.Position = position;
        return stream.ReadByte();
    }
}
