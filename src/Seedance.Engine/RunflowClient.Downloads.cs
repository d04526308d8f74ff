using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

public sealed partial class RunflowClient
{
    private const int MaxUrlRefreshes = 3;

    /// <summary>
    /// Streams one output of a run to disk through a temporary file beside the destination, renamed only once complete
    /// and its length checked. The file is chosen by <see cref="VideoDestination"/>: this run's complete video already
    /// there (as the folder's <see cref="SavedFileIndex"/> records it) is skipped without a request, and a name held by
    /// another run's file gets a distinct name instead. The temporary name is the run's own, so a partial file an
    /// interrupted process left is resumed with a Range request. The presigned URL is fetched with no Authorization
    /// header; a truncated body resumes with a Range request; an expired URL (403) is replaced by fetching the run again;
    /// 5xx and network errors are retried. A file that cannot be written (read-only, disk full) fails at once with
    /// <see cref="RunflowDestinationException"/>, its partial file removed. Only a stall longer than the idle timeout
    /// fails a download, never its total duration.
    /// </summary>
    public async Task<DownloadResult> DownloadOutputAsync(DownloadRequest request, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var run = request.Run ?? throw new ArgumentException("The download request has no run.", nameof(request));
        var requested = Path.GetFullPath(request.DestinationPath);
        var directory = Path.GetDirectoryName(requested)!;
        DestinationProbe.CreateFolder(directory);
        var index = new SavedFileIndex(directory);
        var choice = VideoDestination.Choose(requested, run.Id, request.OutputIndex, request.Overwrite, index);
        var destination = choice.Path;
        if (choice.CompleteBytes is { } complete)
        {
            return Described(new DownloadResult(run.Id, destination, complete, true, 0, 0), choice, 0, null);
        }

        var url = OutputUrl(run, request.OutputIndex);
        var temporary = TemporaryFile.For(destination, run.Id, request.OutputIndex);
        var resumedFrom = TemporaryFile.LengthOf(temporary);
        var attempts = 0;
        var refreshes = 0;
        var failures = 0;
        long? expected = null;
        var keepTemporary = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var have = TemporaryFile.LengthOf(temporary);
                attempts++;
                HttpResponseMessage opened;
                try
                {
                    opened = await GetFileAsync(url, have, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or HttpRequestException or TimeoutException
                                                  && !cancellationToken.IsCancellationRequested)
                {
                    await RetryDownloadAsync(run.Id, ++failures, have, expected, exception.Message, null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                using var response = opened;
                var status = (int)response.StatusCode;
                if (status is 401 or 403 or 404 && refreshes < MaxUrlRefreshes)
                {
                    // Presigned URLs expire; the read path of the API signs them afresh.
                    refreshes++;
                    run = await GetRunAsync(run.Id, cancellationToken).ConfigureAwait(false);
                    url = OutputUrl(run, request.OutputIndex);
                    continue;
                }

                if (status == 416 && have > 0)
                {
                    // Nothing is left after the bytes we have: complete when the host's total says so (an earlier
                    // process died between the last byte and the rename), else not this file at all.
                    if ((response.Content.Headers.ContentRange?.Length ?? expected) == have)
                    {
                        expected = have;
                        break;
                    }

                    DeleteTemporary(temporary);
                    continue;
                }

                if (status is 429 or >= 500)
                {
                    await RetryDownloadAsync(run.Id, ++failures, have, expected, $"the file host answered {status}", response.Headers.RetryAfter?.Delta,
                        cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (status is not (200 or 206))
                {
                    throw new RunflowDownloadException(run.Id, $"Downloading the video of run {run.Id} failed: the file host answered {status}.", have, expected);
                }

                var range = status == 206 ? response.Content.Headers.ContentRange : null;
                if (status == 206 && (range is null || range.From != have || range.Length is { } total && total <= have))
                {
                    // The host answered another range than the one asked for: the bytes so far cannot be trusted to fit.
                    DeleteTemporary(temporary);
                    await RetryDownloadAsync(run.Id, ++failures, 0, expected, "the file host answered a different byte range", null, cancellationToken)
                        .ConfigureAwait(false);
                    continue;
                }

                var append = range is not null;
                expected = append ? range!.Length ?? expected : response.Content.Headers.ContentLength;
                if (attempts == 1 && choice.OwnedBySidecarOnly && File.Exists(destination))
                {
                    var existing = new FileInfo(destination).Length;
                    if (expected is null || expected == existing)
                    {
                        var warnings = RecordSaved(index, destination, run.Id, request.OutputIndex, existing);
                        return Described(new DownloadResult(run.Id, destination, existing, true, attempts, refreshes), choice, 0, warnings);
                    }

                    throw new RunflowDownloadException(run.Id,
                        $"'{destination}' already exists with {existing:N0} bytes, not the {expected:N0} of run {run.Id}'s video; it was left alone. Overwrite it explicitly to replace it.",
                        0, expected);
                }

                try
                {
                    await CopyToFileAsync(response, temporary, destination, append, run.Id, expected, progress, cancellationToken).ConfigureAwait(false);
                }
                catch (RunflowDestinationException exception) when (exception.Problem == FileSystemProblem.InUse)
                {
                    keepTemporary = true;
                    throw new RunflowDownloadException(run.Id,
                        $"'{temporary}' is being written by another process (another save of run {run.Id}); it was left to that process.", have, expected, exception);
                }
                catch (Exception exception) when (exception is IOException or HttpRequestException or TimeoutException
                                                  && !cancellationToken.IsCancellationRequested)
                {
                    await RetryDownloadAsync(run.Id, ++failures, TemporaryFile.LengthOf(temporary), expected, exception.Message, null, cancellationToken)
                        .ConfigureAwait(false);
                    continue;
                }

                var received = TemporaryFile.LengthOf(temporary);
                if (expected is { } length && received != length)
                {
                    if (received > length)
                    {
                        DeleteTemporary(temporary);
                    }

                    await RetryDownloadAsync(run.Id, ++failures, received, expected, $"the body ended after {received:N0} of {length:N0} bytes", null,
                        cancellationToken).ConfigureAwait(false);
                    continue;
                }

                break;
            }

            var bytes = TemporaryFile.LengthOf(temporary);
            var placed = PlaceFile(temporary, choice, run.Id, request, index);
            progress?.Report(new DownloadProgress(run.Id, bytes, bytes));
            var skipped = placed.CompleteBytes is not null;
            var recorded = skipped ? null : RecordSaved(index, placed.Path, run.Id, request.OutputIndex, bytes);
            return Described(new DownloadResult(run.Id, placed.Path, bytes, skipped, attempts, refreshes), placed, resumedFrom, recorded);
        }
        finally
        {
            if (!keepTemporary)
            {
                DeleteTemporary(temporary);
            }
        }
    }

    /// <summary>
    /// Gives the complete temporary file its final name. Without overwrite the rename never replaces a file: when one
    /// appeared under the chosen name since it was chosen (another process), the name is chosen again.
    /// </summary>
    private static DestinationChoice PlaceFile(string temporary, DestinationChoice choice, string runId, DownloadRequest request, SavedFileIndex index)
    {
        var doing = $"Saving the video of run {runId} as";
        try
        {
            if (request.Overwrite)
            {
                if (File.Exists(choice.Path))
                {
                    File.Delete(choice.Path);
                }

                File.Move(temporary, choice.Path);
                return choice;
            }

            try
            {
                File.Move(temporary, choice.Path);
                return choice;
            }
            catch (IOException) when (File.Exists(choice.Path))
            {
                var again = VideoDestination.Choose(choice.RequestedPath, runId, request.OutputIndex, false, index);
                if (again.CompleteBytes is null)
                {
                    File.Move(temporary, again.Path);
                }

                return again;
            }
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            throw FileSystemFailures.Wrap(choice.Path, doing, exception);
        }
    }

    private IReadOnlyList<string>? RecordSaved(SavedFileIndex index, string path, string runId, int outputIndex, long bytes)
    {
        try
        {
            index.Record(new SavedFile(Path.GetFileName(path), runId, outputIndex, bytes, options.Clock.UtcNow));
            return null;
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            return new[]
            {
                $"{path} was saved, but the folder's index {index.IndexPath} could not record it ({exception.Message}); a later save will not know the file is run {runId}'s and saves it again under another name.",
            };
        }
    }

    private static DownloadResult Described(DownloadResult result, DestinationChoice choice, long resumedFrom, IReadOnlyList<string>? warnings)
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

    private static void DeleteTemporary(string temporary)
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

    private async Task RetryDownloadAsync(string runId, int failures, long have, long? expected, string reason, TimeSpan? retryAfter,
        CancellationToken cancellationToken)
    {
        if (failures >= Math.Max(1, options.Retry.MaxAttempts))
        {
            throw new RunflowDownloadException(runId, $"Downloading the video of run {runId} failed after {failures} attempts: {Secrets.Scrub(reason, options.ApiKey)}.",
                have, expected);
        }

        var delay = backoff.Delay(failures + 1, retryAfter);
        RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Retry, "GET", "(video of run " + runId + ")", null, delay, failures + 1,
            $"resuming at byte {have:N0} in {delay.TotalMilliseconds:0} ms: {Secrets.Scrub(reason, options.ApiKey)}"));
        await options.Clock.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    private static Uri OutputUrl(Run run, int index)
    {
        var files = run.Output?.Files;
        if (files is null || files.Count == 0)
        {
            throw new RunflowDownloadException(run.Id, $"Run {run.Id} has no output file to download (status {run.StatusCode ?? "unknown"}).", 0, null);
        }

        if (index < 0 || index >= files.Count)
        {
            throw new RunflowDownloadException(run.Id, $"Run {run.Id} has {files.Count} output file(s); there is no output {index}.", 0, null);
        }

        return files[index].Url;
    }
}
