using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace Seedance.Engine;

/// <summary>
/// The hidden file <c>.seedance-index.jsonl</c> in a folder of videos: which run each saved file belongs to and its
/// complete length, so that a file is taken as complete only when it is the same run's, whatever its size, and a
/// later take or an unrelated file of the same name is never mistaken for it. It lives beside the videos so it moves,
/// and is shared, with them. One JSON line per save, appended under an exclusive lock on the file (several downloads
/// and processes may save into one folder); the last line for a name wins, and a line torn by a crash is skipped.
/// </summary>
public sealed class SavedFileIndex
{
    public const string FileName = ".seedance-index.jsonl";

    private static readonly TimeSpan LockPatience = TimeSpan.FromSeconds(10);

    public SavedFileIndex(string directory)
    {
        Directory = Path.GetFullPath(directory);
        IndexPath = Path.Combine(Directory, FileName);
    }

    public string Directory { get; }

    public string IndexPath { get; }

    public bool Exists => File.Exists(IndexPath);

    /// <summary>The last record of every file name (none when the folder has no index).</summary>
    /// <remarks>Only what was appended since this process last read the file is read and parsed: a folder of a thousand
    /// saves is otherwise read and parsed in full for every one of them. The parsed records are kept per index file
    /// (for the few folders used last) and are read again from the start whenever the file no longer continues what
    /// was read (it shrank, or was replaced).</remarks>
    public IReadOnlyDictionary<string, SavedFile> Read()
    {
        if (!Exists)
        {
            ParsedIndex.Forget(IndexPath);
            return new Dictionary<string, SavedFile>(StringComparer.Ordinal);
        }

        try
        {
            return Locked(FileMode.Open, FileAccess.Read, stream => ParsedIndex.For(IndexPath).CatchUp(stream, Parse));
        }
        catch (FileNotFoundException)
        {
            // Removed between the check and the read: the folder has no index any more.
            ParsedIndex.Forget(IndexPath);
            return new Dictionary<string, SavedFile>(StringComparer.Ordinal);
        }
    }

    public SavedFile? Find(string fileName) => Read().TryGetValue(fileName, out var file) ? file : null;

    /// <summary>Appends a record; a torn last line (a crash mid-write) is closed off first so it stays on its own.</summary>
    public void Record(SavedFile file) => RecordWhile(file, null);

    /// <summary>
    /// Appends <paramref name="file"/>'s record and then gives the file its name (<paramref name="place"/>), both under
    /// the index's lock. Recording first means a process killed in between leaves a record of a name that holds no file
    /// yet (read as free, so the complete partial is placed again), never a finished video the index does not know
    /// (which the next save would leave alone and save a second time); holding the lock across both means two processes
    /// placing the same name cannot leave the record of one over the file of the other. When
    /// <paramref name="place"/> fails its record is taken back.
    /// </summary>
    /// <returns>Null, or why the index could not record the file; <paramref name="place"/> has run all the same.</returns>
    public Exception? RecordWhile(SavedFile file, Action? place)
    {
        var line = PlainJson.Serialize(new Dictionary<string, object?>
        {
            ["v"] = 1,
            ["file"] = file.FileName,
            ["run_id"] = file.RunId,
            ["output"] = file.OutputIndex,
            ["bytes"] = file.Bytes,
            ["saved_at"] = file.SavedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        }) + "\n";
        var created = !Exists;
        var placing = false;
        try
        {
            Locked(FileMode.OpenOrCreate, FileAccess.ReadWrite, stream =>
            {
                var before = stream.Length;
                var endsOpen = false;
                if (before > 0)
                {
                    stream.Position = before - 1;
                    endsOpen = stream.ReadByte() != '\n';
                }

                var bytes = Encoding.UTF8.GetBytes((endsOpen ? "\n" : string.Empty) + line);
                stream.Position = before;
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
                placing = true;
                try
                {
                    place?.Invoke();
                }
                catch
                {
                    stream.SetLength(before);
                    stream.Flush(flushToDisk: true);
                    throw;
                }

                return 0;
            });
        }
        catch (Exception exception) when (!placing && place is not null && FileSystemFailures.IsLocal(exception))
        {
            place();
            return exception;
        }

        if (created && RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // A leading dot hides the file everywhere else.
            File.SetAttributes(IndexPath, File.GetAttributes(IndexPath) | FileAttributes.Hidden);
        }

        return null;
    }

    private T Locked<T>(FileMode mode, FileAccess access, Func<FileStream, T> work)
    {
        var started = DateTime.UtcNow;
        var pause = 2;
        while (true)
        {
            FileStream stream;
            try
            {
                // FileShare.None is an exclusive advisory lock on Unix (flock) and a sharing lock on Windows.
                stream = new FileStream(IndexPath, mode, access, FileShare.None, 4096, FileOptions.None);
            }
            catch (IOException exception) when (FileSystemFailures.Classify(exception) == FileSystemProblem.InUse
                                                 && DateTime.UtcNow - started < LockPatience)
            {
                Thread.Sleep(pause);
                pause = Math.Min(50, pause * 2);
                continue;
            }

            using (stream)
            {
                return work(stream);
            }
        }
    }

    private static SavedFile? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var name = JsonValues.String(root, "file");
            var runId = JsonValues.String(root, "run_id");
            var output = JsonValues.Int(root, "output");
            var bytes = JsonValues.Long(root, "bytes");
            if (name is null || runId is null || output is null || bytes is null)
            {
                return null;
            }

            return new SavedFile(name, runId, output.Value, bytes.Value, JsonValues.Time(root, "saved_at") ?? DateTimeOffset.MinValue);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
