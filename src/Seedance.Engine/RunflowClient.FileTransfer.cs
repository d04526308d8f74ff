using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

public sealed partial class RunflowClient
{
    private const int CopyBufferSize = 81920;
    private const long ProgressStep = 256 * 1024;

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

    /// <summary>
    /// Streams a response body into the temporary file. A failure to read the body (a network fault, which the caller
    /// retries) stays an IOException; a failure to write the file (read-only, disk full, in use) becomes a
    /// <see cref="RunflowDestinationException"/> naming <paramref name="destination"/> and the cause, which no retry cures.
    /// </summary>
    private async Task CopyToFileAsync(HttpResponseMessage response, string temporary, string destination, bool append, string runId, long? expected,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var doing = $"Writing the video of run {runId} to";
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        FileStream target;
        try
        {
            // Unbuffered (bufferSize 1): every write is a whole pooled chunk already, so a second per-file buffer would
            // only add 80 KB of garbage per download. FileShare.None also keeps a second save of the same run out.
            target = new FileStream(temporary, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1, useAsync: true);
        }
        catch (Exception exception) when (FileSystemFailures.IsLocal(exception))
        {
            throw FileSystemFailures.Wrap(destination, doing, exception);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        using (target)
        {
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
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
