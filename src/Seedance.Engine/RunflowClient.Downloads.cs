using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

public sealed partial class RunflowClient
{
    private const int CopyBufferSize = 81920;
    private const int MaxUrlRefreshes = 3;
    private const long ProgressStep = 256 * 1024;

    /// <summary>
    /// Streams one output of a run to disk through a temporary file beside the destination, renamed only once complete
    /// and its length checked. The presigned URL is fetched with no Authorization header; a truncated body resumes with
    /// a Range request; an expired URL (403) is replaced by fetching the run again; 5xx and network errors are retried.
    /// Only a stall longer than the idle timeout fails a download, never its total duration.
    /// </summary>
    public async Task<DownloadResult> DownloadOutputAsync(DownloadRequest request, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var run = request.Run ?? throw new ArgumentException("The download request has no run.", nameof(request));
        var destination = Path.GetFullPath(request.DestinationPath);
        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        var url = OutputUrl(run, request.OutputIndex);
        var temporary = TemporaryFile.For(destination);
        var attempts = 0;
        var refreshes = 0;
        var failures = 0;
        long? expected = null;
        var completed = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var have = File.Exists(temporary) ? new FileInfo(temporary).Length : 0;
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
                    if (expected == have)
                    {
                        break;
                    }

                    File.Delete(temporary);
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

                var append = false;
                if (status == 206 && response.Content.Headers.ContentRange is { } range && range.From == have)
                {
                    append = true;
                    expected = range.Length ?? expected;
                }
                else
                {
                    expected = response.Content.Headers.ContentLength;
                    if (attempts == 1 && File.Exists(destination) && !request.Overwrite)
                    {
                        var existing = new FileInfo(destination).Length;
                        if (expected is null || expected == existing)
                        {
                            return new DownloadResult(run.Id, destination, existing, true, attempts, refreshes);
                        }

                        throw new RunflowDownloadException(run.Id,
                            $"'{destination}' already exists with {existing:N0} bytes, not the {expected:N0} of run {run.Id}'s video; it was left alone. Overwrite it explicitly to replace it.",
                            0, expected);
                    }
                }

                try
                {
                    await CopyToFileAsync(response, temporary, append, run.Id, expected, progress, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or HttpRequestException or TimeoutException
                                                  && !cancellationToken.IsCancellationRequested)
                {
                    await RetryDownloadAsync(run.Id, ++failures, new FileInfo(temporary).Length, expected, exception.Message, null, cancellationToken)
                        .ConfigureAwait(false);
                    continue;
                }

                var received = new FileInfo(temporary).Length;
                if (expected is { } total && received != total)
                {
                    if (received > total)
                    {
                        File.Delete(temporary);
                    }

                    await RetryDownloadAsync(run.Id, ++failures, received, expected, $"the body ended after {received:N0} of {total:N0} bytes", null,
                        cancellationToken).ConfigureAwait(false);
                    continue;
                }

                break;
            }

            var bytes = new FileInfo(temporary).Length;
            if (File.Exists(destination))
            {
                File.Delete(destination);
            }

            File.Move(temporary, destination);
            completed = true;
            progress?.Report(new DownloadProgress(run.Id, bytes, bytes));
            return new DownloadResult(run.Id, destination, bytes, false, attempts, refreshes);
        }
        finally
        {
            if (!completed && File.Exists(temporary))
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (IOException)
                {
                    // Best effort: the temporary name never looks like a finished video.
                }
            }
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

    /// <summary>GETs a presigned URL (following redirects, never with Authorization) and returns once headers arrive.</summary>
    private async Task<HttpResponseMessage> GetFileAsync(Uri url, long fromByte, CancellationToken cancellationToken)
    {
        var target = url;
        for (var redirects = 0; ; redirects++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
            if (fromByte > 0)
            {
                request.Headers.Range = new RangeHeaderValue(fromByte, null);
            }

            using var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            headersTimeout.CancelAfter(options.RequestTimeout);
            HttpResponseMessage response;
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headersTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                request.Dispose();
                throw new TimeoutException($"The file host did not answer within {options.RequestTimeout.TotalSeconds:0} s.", exception);
            }
            catch
            {
                request.Dispose();
                throw;
            }

            if (RunflowTrace.IsActive)
            {
                RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Response, "GET", Secrets.Url(target), (int)response.StatusCode,
                    stopwatch.Elapsed, 1, fromByte > 0 ? $"download from byte {fromByte:N0}" : "download"));
            }

            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location && redirects < MaxRedirects)
            {
                target = location.IsAbsoluteUri ? location : new Uri(target, location);
                response.Dispose();
                continue;
            }

            return response;
        }
    }

    private async Task CopyToFileAsync(HttpResponseMessage response, string temporary, bool append, string runId, long? expected,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        // Unbuffered (bufferSize 1): every write is a whole pooled chunk already, so a second per-file buffer would only
        // add 80 KB of garbage per download.
        using var target = new FileStream(temporary, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1,
            useAsync: true);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var written = target.Length;
            var lastReported = written;
            while (true)
            {
                idle.CancelAfter(options.DownloadIdleTimeout);
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, 0, CopyBufferSize, idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"No data arrived for {options.DownloadIdleTimeout.TotalSeconds:0} s.", exception);
                }

                if (read == 0)
                {
                    break;
                }

                await target.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                HaltPoint.Reach(HaltPoint.MidDownload);
                written += read;
                if (progress is not null && written - lastReported >= ProgressStep)
                {
                    lastReported = written;
                    progress.Report(new DownloadProgress(runId, written, expected));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await target.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
