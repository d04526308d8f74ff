using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>The file side of a video download: the body written to the temporary file, then given its final name and
/// recorded in the folder's index.</summary>
internal static class VideoFileWriter
{
    // Under the 85,000 bytes from which an array is a large object. The buffers come from a pool of this writer's own
    // that keeps as many as were in use at once: the shared pool handed out 128 KB arrays (large objects) and kept
    // one in the cache of every thread that had returned one, a dozen after a pipeline of eight parallel downloads.
    private const int CopyBufferSize = 64 * 1024;
    private static readonly ArrayPool<byte> CopyBuffers = ArrayPool<byte>.Create(CopyBufferSize, 32);
    private const long ProgressStep = 256 * 1024;

    /// <summary>
    /// Streams a response body into the temporary file. A failure to read the body (a network fault, which the caller
    /// retries) stays an IOException; a failure to write the file (read-only, disk full, in use) becomes a
    /// <see cref="RunflowDestinationException"/> naming <paramref name="destination"/> and the cause, which no retry cures.
    /// </summary>
    public static async Task CopyAsync(HttpResponseMessage response, string temporary, string destination, bool append, string runId, long? expected,
        TimeSpan idleTimeout, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var doing = $"Writing the video of run {runId} to";
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        FileStream target;
        try
        {
            // Unbuffered (bufferSize 1): every write is a whole pooled chunk already, so a second per-file buffer would
            // only add 64 KB of garbage per download. FileShare.None also keeps a second save of the same run out.
            target = new FileStream(temporary, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1, useAsync: true);
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            throw FileSystemFailures.Wrap(destination, doing, exception);
        }

        var buffer = CopyBuffers.Rent(CopyBufferSize);
        using (target)
        {
            try
            {
                var written = target.Length;
                var lastReported = written;
                while (true)
                {
                    idle.CancelAfter(idleTimeout);
                    int read;
                    try
                    {
                        read = await source.ReadAsync(buffer, 0, CopyBufferSize, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException($"No data arrived for {idleTimeout.TotalSeconds:0} s.", exception);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    try
                    {
                        await target.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
                    {
                        throw FileSystemFailures.Wrap(destination, doing, exception);
                    }

                    written += read;
                    HaltPoint.Reach(HaltPoint.MidDownload);
                    if (progress is not null && written - lastReported >= ProgressStep)
                    {
                        lastReported = written;
                        progress.Report(new DownloadProgress(runId, written, expected));
                    }
                }

                try
                {
                    await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
                {
                    throw FileSystemFailures.Wrap(destination, doing, exception);
                }
            }
            finally
            {
                CopyBuffers.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Gives the complete temporary file of <paramref name="bytes"/> its final name, recorded in the folder's index as
    /// the run's (<see cref="SavedFileIndex.RecordWhile"/>: the record is written first, under the index's lock). Without
    /// overwrite the rename never replaces a file: when one appeared under the chosen name since it was chosen (another
    /// process), the name is chosen again.
    /// </summary>
    /// <param name="warnings">Set when the index could not record the file (it is saved all the same).</param>
    public static DestinationChoice Place(string temporary, DestinationChoice choice, string runId, DownloadRequest request, SavedFileIndex index,
        long bytes, EngineClock clock, out IReadOnlyList<string>? warnings)
    {
        var doing = $"Saving the video of run {runId} as";
        IReadOnlyList<string>? unrecorded = null;
        void Move(string target)
        {
            var failure = index.RecordWhile(new SavedFile(Path.GetFileName(target), runId, request.OutputIndex, bytes, clock.UtcNow),
                () => File.Move(temporary, target));
            unrecorded = failure is null ? null : new[] { Unrecorded(target, runId, index, failure) };
        }

        try
        {
            if (request.Overwrite)
            {
                if (File.Exists(choice.Path))
                {
                    File.Delete(choice.Path);
                }

                Move(choice.Path);
                warnings = unrecorded;
                return choice;
            }

            try
            {
                Move(choice.Path);
                warnings = unrecorded;
                return choice;
            }
            catch (IOException) when (File.Exists(choice.Path))
            {
                var again = VideoDestination.Choose(choice.RequestedPath, runId, request.OutputIndex, false, index);
                if (again.CompleteBytes is null)
                {
                    Move(again.Path);
                }

                warnings = unrecorded;
                return again;
            }
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            throw FileSystemFailures.Wrap(choice.Path, doing, exception);
        }
    }

    /// <summary>Records a file that was already complete under its name (saved before, by this run).</summary>
    public static IReadOnlyList<string>? RecordSaved(SavedFileIndex index, string path, string runId, int outputIndex, long bytes, EngineClock clock)
    {
        try
        {
            index.Record(new SavedFile(Path.GetFileName(path), runId, outputIndex, bytes, clock.UtcNow));
            return null;
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            return new[] { Unrecorded(path, runId, index, exception) };
        }
    }

    private static string Unrecorded(string path, string runId, SavedFileIndex index, Exception exception) =>
        $"{path} was saved, but the folder's index {index.IndexPath} could not record it ({exception.Message}); a later save will not know the file is run {runId}'s and saves it again under another name.";

    public static DownloadResult Described(DownloadResult result, DestinationChoice choice, long resumedFrom, IReadOnlyList<string>? warnings)
    {
        if (!string.Equals(choice.Path, choice.RequestedPath, StringComparison.Ordinal))
        {
            result.RequestedPath = choice.RequestedPath;
            result.DisplacedBy = choice.DisplacedBy;
        }

        result.ResumedFrom = resumedFrom;
        result.Warnings = warnings ?? Array.Empty<string>();
        return result;
    }

    public static void DeleteTemporary(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            // Best effort: the temporary name never looks like a finished video, and leftovers are removed later.
        }
    }
}
