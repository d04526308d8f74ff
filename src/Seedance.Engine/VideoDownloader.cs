using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>Saves the videos of runs through <see cref="RunflowTransport"/>, under its one retry policy.</summary>
internal sealed class VideoDownloader
{
    private const int MaxUrlRefreshes = 3;

    // How long a save waits for another process that is saving the same run's video under the same name.
    private static readonly TimeSpan OtherSavePatience = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan OtherSavePoll = TimeSpan.FromMilliseconds(200);
    private readonly RunflowTransport transport;
    private readonly Func<string, CancellationToken, Task<Run>> readRun;

    /// <param name="readRun">Reads a run again, for a fresh presigned URL when one has expired.</param>
    public VideoDownloader(RunflowTransport transport, Func<string, CancellationToken, Task<Run>> readRun)
    {
        this.transport = transport;
        this.readRun = readRun;
    }

    /// <summary>
    /// Streams one output of a run to disk through a temporary file beside the destination, renamed only once complete
    /// and its length checked. The file is chosen by <see cref="VideoDestination"/>: this run's complete video already
    /// there (as the folder's <see cref="SavedFileIndex"/> records it) is skipped without a request, and a name held by
    /// another run's file gets a distinct name instead. The temporary name is the run's own, so a partial file an
    /// interrupted process left is resumed with a Range request. The presigned URL is fetched with no Authorization
    /// header; a truncated body resumes with a Range request; an expired URL (403) is replaced by fetching the run again;
    /// network errors and the statuses <see cref="RetryPolicy"/> calls transient are retried. A file that cannot be
    /// written (read-only, disk full) fails at once with <see cref="RunflowDestinationException"/>, its partial file
    /// removed. Only a stall longer than the idle timeout fails a download, never its total duration.
    /// </summary>
    public async Task<DownloadResult> DownloadAsync(DownloadRequest request, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
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
            return VideoFileWriter.Described(new DownloadResult(run.Id, destination, complete, true, 0, 0), choice, 0, null);
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
                using var sentRequest = response.RequestMessage;
                var status = (int)response.StatusCode;
                if (status is 401 or 403 or 404 && refreshes < MaxUrlRefreshes)
                {
                    // Presigned URLs expire; the read path of the API signs them afresh.
                    refreshes++;
                    run = await readRun(run.Id, cancellationToken).ConfigureAwait(false);
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

                    VideoFileWriter.DeleteTemporary(temporary);
                    continue;
                }

                if (RetryPolicy.IsTransient(status))
                {
                    await RetryDownloadAsync(run.Id, ++failures, have, expected, $"the file host answered {status}", RetryPolicy.RetryAfterOf(response),
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
                    VideoFileWriter.DeleteTemporary(temporary);
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
                        var warnings = VideoFileWriter.RecordSaved(index, destination, run.Id, request.OutputIndex, existing, transport.Options.Clock);
                        return VideoFileWriter.Described(new DownloadResult(run.Id, destination, existing, true, attempts, refreshes), choice, 0, warnings);
                    }

                    throw new RunflowDownloadException(run.Id,
                        $"'{destination}' already exists with {existing:N0} bytes, not the {expected:N0} of run {run.Id}'s video; it was left alone. Overwrite it explicitly to replace it.",
                        0, expected);
                }

                try
                {
                    await VideoFileWriter.CopyAsync(response, temporary, destination, append, run.Id, expected, transport.Options.DownloadIdleTimeout, progress,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (RunflowDestinationException exception) when (exception.Problem == FileSystemProblem.InUse)
                {
                    // Another process is saving this same run's video under this name (two pipelines following one
                    // run into one folder). Its file is this run's video: wait for it, then take what it left.
                    if (await OtherSaveEndedAsync(temporary, cancellationToken).ConfigureAwait(false))
                    {
                        choice = VideoDestination.Choose(requested, run.Id, request.OutputIndex, request.Overwrite, index);
                        if (choice.CompleteBytes is { } saved)
                        {
                            return VideoFileWriter.Described(new DownloadResult(run.Id, choice.Path, saved, true, attempts, refreshes), choice, 0, null);
                        }

                        // It stopped before the end: its partial is resumed here.
                        destination = choice.Path;
                        temporary = TemporaryFile.For(destination, run.Id, request.OutputIndex);
                        continue;
                    }

                    keepTemporary = true;
                    throw new RunflowDownloadException(run.Id,
                        $"'{temporary}' is being written by another process (another save of run {run.Id}) for longer than {OtherSavePatience.TotalMinutes:0} minutes; it was left to that process.",
                        have, expected, exception);
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
                        VideoFileWriter.DeleteTemporary(temporary);
                    }

                    await RetryDownloadAsync(run.Id, ++failures, received, expected, $"the body ended after {received:N0} of {length:N0} bytes", null,
                        cancellationToken).ConfigureAwait(false);
                    continue;
                }

                break;
            }

            var bytes = TemporaryFile.LengthOf(temporary);
            var placed = VideoFileWriter.Place(temporary, choice, run.Id, request, index, bytes, transport.Options.Clock, out var recorded);
            progress?.Report(new DownloadProgress(run.Id, bytes, bytes));
            var skipped = placed.CompleteBytes is not null;
            return VideoFileWriter.Described(new DownloadResult(run.Id, placed.Path, bytes, skipped, attempts, refreshes), placed, resumedFrom, recorded);
        }
        finally
        {
            if (!keepTemporary)
            {
                VideoFileWriter.DeleteTemporary(temporary);
            }
        }
    }

    /// <summary>Waits before the next attempt, or fails the download once the attempts are used up.</summary>
    private async Task RetryDownloadAsync(string runId, int failures, long have, long? expected, string reason, TimeSpan? retryAfter,
        CancellationToken cancellationToken)
    {
        var shownReason = Secrets.Scrub(reason, transport.Options.ApiKey);
        if (failures >= transport.Retry.MaxAttempts)
        {
            throw new RunflowDownloadException(runId, $"Downloading the video of run {runId} failed after {failures} attempts: {shownReason}.", have, expected);
        }

        await transport.Retry.WaitAsync("GET", "(video of run " + runId + ")", failures + 1, retryAfter,
            delay => $"resuming at byte {have:N0} in {delay.TotalMilliseconds:0} ms: {shownReason}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs a presigned URL (never with Authorization, redirects followed) and returns once headers arrive.</summary>
    private async Task<HttpResponseMessage> GetFileAsync(Uri url, long fromByte, CancellationToken cancellationToken)
    {
        using var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headersTimeout.CancelAfter(transport.Options.RequestTimeout);
        var outgoing = new TransportRequest(HttpMethod.Get, url)
        {
            Range = fromByte > 0 ? new RangeHeaderValue(fromByte, null) : null,
            TraceNote = fromByte > 0 ? $"download from byte {fromByte:N0}" : "download",
        };
        try
        {
            return await transport.SendAsync(outgoing, headersTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The file host did not answer within {transport.Options.RequestTimeout.TotalSeconds:0} s.", exception);
        }
    }

    /// <summary>Waits, on the engine clock, until no process holds <paramref name="temporary"/> open for writing; false
    /// when one still does after <see cref="OtherSavePatience"/>.</summary>
    private async Task<bool> OtherSaveEndedAsync(string temporary, CancellationToken cancellationToken)
    {
        var clock = transport.Options.Clock;
        var since = clock.Monotonic;
        while (clock.Monotonic - since < OtherSavePatience)
        {
            await clock.Delay(OtherSavePoll, cancellationToken).ConfigureAwait(false);
            try
            {
                using (new FileStream(temporary, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    return true;
                }
            }
            catch (FileNotFoundException)
            {
                return true;
            }
            catch (IOException exception) when (FileSystemFailures.Classify(exception) == FileSystemProblem.InUse)
            {
            }
        }

        return false;
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
