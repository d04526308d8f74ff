using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace Seedance.Engine.Ledger;

/// <summary>
/// The ledger's one file of records, one JSON object a line, only ever appended to. Every append and every read of new
/// records happens under an exclusive lock on a separate lock file (an OS advisory lock, released by the OS when a
/// process dies), so several processes, and machines sharing the folder, append whole lines in turn. Each append is
/// flushed to the disk before the caller goes on. A line that does not parse (a record torn by a crash) is skipped with a
/// warning, and the next append starts on a fresh line so the torn piece stays on its own.
/// </summary>
internal sealed class LedgerFile
{
    private static readonly TimeSpan LockPatience = TimeSpan.FromSeconds(60);
    private readonly string recordsPath;
    private readonly string lockPath;
    private long readOffset;
    private bool endsWithNewLine = true;

    public LedgerFile(string directory)
    {
        Directory = directory;
        recordsPath = Path.Combine(directory, "ledger.jsonl");
        lockPath = Path.Combine(directory, "ledger.lock");
    }

    public string Directory { get; }

    public string RecordsPath => recordsPath;

    /// <summary>Runs <paramref name="work"/> holding the ledger's lock; <paramref name="work"/> gets the records appended
    /// since the last call (by anyone) and may return lines to append.</summary>
    public T Locked<T>(Func<IReadOnlyList<string>, Action<string>, T> work, Action<string> warn)
    {
        using var held = AcquireLock();
        var lines = ReadNewLines(warn);
        var appended = new List<string>();
        var result = work(lines, appended.Add);
        if (appended.Count > 0)
        {
            Append(appended);
        }

        return result;
    }

    private FileStream AcquireLock()
    {
        var started = DateTime.UtcNow;
        var pause = 2;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock on Unix (flock) and a sharing lock on Windows.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow - started < LockPatience)
            {
                Thread.Sleep(pause);
                pause = Math.Min(50, pause * 2);
            }
            catch (IOException exception)
            {
                throw new RunflowConfigurationException(
                    $"The ledger in {Directory} stayed locked for {LockPatience.TotalSeconds:0} s; another process holds it. Nothing was sent.", exception);
            }
        }
    }

    private List<string> ReadNewLines(Action<string> warn)
    {
        var lines = new List<string>();
        if (!File.Exists(recordsPath))
        {
            return lines;
        }

        using var stream = new FileStream(recordsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < readOffset)
        {
            // The file was replaced (a user removed it): read it from the start.
            readOffset = 0;
        }

        stream.Position = readOffset;
        var buffer = new byte[stream.Length - readOffset];
        var read = 0;
        while (read < buffer.Length)
        {
            var count = stream.Read(buffer, read, buffer.Length - read);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        var start = 0;
        for (var index = 0; index < read; index++)
        {
            if (buffer[index] == (byte)'\n')
            {
                if (index > start)
                {
                    lines.Add(Encoding.UTF8.GetString(buffer, start, index - start));
                }

                start = index + 1;
            }
        }

        if (start < read)
        {
            // A last record without its newline was torn by a crash mid-write: skip it, for good.
            warn($"The ledger {recordsPath} ends with a torn record ({read - start} bytes at offset {readOffset + start}); it was skipped.");
            endsWithNewLine = false;
        }
        else
        {
            endsWithNewLine = read == 0 ? endsWithNewLine : true;
        }

        readOffset += read;
        return lines;
    }

    private void Append(List<string> records)
    {
        var text = new StringBuilder();
        if (!endsWithNewLine)
        {
            text.Append('\n');
        }

        foreach (var record in records)
        {
            text.Append(record).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (records.Exists(record => record.Contains("\"kind\":\"claim\"")))
        {
            HaltPoint.Reach(HaltPoint.BeforeIntentFlushed);
        }

        using (var stream = new FileStream(recordsPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.WriteThrough))
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }

        FilePermissions.RestrictToOwner(recordsPath, directory: false);
        readOffset += bytes.Length;
        endsWithNewLine = true;
    }
}
