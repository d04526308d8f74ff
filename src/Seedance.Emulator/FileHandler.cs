using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>
/// The file origin, standing in for S3: presigned GETs of run videos and assets, presigned PUTs of uploads. Like S3 it
/// refuses any request that also carries an Authorization header, answers 403 to expired or tampered URLs, and serves
/// byte ranges.
/// </summary>
internal sealed class FileHandler
{
    private readonly EmulatorOptions options;
    private readonly EmulatorState state;
    private readonly StatsCollector stats;
    private readonly FaultInjector faults;
    private readonly Presigner presigner;
    private long requestCounter;

    public FileHandler(EmulatorOptions options, EmulatorState state, StatsCollector stats, FaultInjector faults, Presigner presigner)
    {
        this.options = options;
        this.state = state;
        this.stats = stats;
        this.faults = faults;
        this.presigner = presigner;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/');
        var method = context.Request.Method;
        var route = segments[0] switch
        {
            "outputs" => method + " /outputs/{run}/video.mp4",
            "uploads" => method + " /uploads/{asset}",
            "assets" => method + " /assets/{asset}/{name}",
            _ => method + " (file) ?",
        };
        stats.Request(route);
        context.Response.Headers["x-amz-request-id"] = Convert.ToHexString(BitConverter.GetBytes(Interlocked.Increment(ref requestCounter)));
        try
        {
            if (context.Request.Headers.ContainsKey("Authorization"))
            {
                stats.AuthorizationOnFileOrigin();
                await S3Error(context, 400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter should be specified.");
                return;
            }

            var signedMethod = HttpMethods.IsHead(method) ? "GET" : method;
            var check = presigner.Check(signedMethod, path, Query(context, "X-Amz-Date"), Query(context, "X-Amz-Expires"), Query(context, "X-Amz-Signature"));
            if (check != PresignCheck.Valid)
            {
                if (check == PresignCheck.Expired)
                {
                    // Not injected, but counted with the faults: a client that downloads late meets it as one.
                    stats.Fault("url_expired");
                    await S3Error(context, 403, "AccessDenied", "Request has expired");
                }
                else
                {
                    await S3Error(context, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
                }

                return;
            }

            if (faults.Roll(options.FaultFile5xxRate))
            {
                // The two server errors S3 itself answers: a transient internal error and throttling.
                var status = faults.Pick(500, 503);
                stats.Fault("file_" + status.ToString(CultureInfo.InvariantCulture));
                if (status == 500)
                {
                    await S3Error(context, 500, "InternalError", "We encountered an internal error. Please try again.");
                }
                else
                {
                    await S3Error(context, 503, "SlowDown", "Please reduce your request rate.");
                }

                return;
            }

            switch (segments[0])
            {
                case "outputs" when segments.Length == 3 && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)):
                    await ServeVideoAsync(context, segments[1]);
                    break;
                case "uploads" when segments.Length == 2 && HttpMethods.IsPut(method):
                    await ReceiveUploadAsync(context, segments[1]);
                    break;
                case "assets" when segments.Length == 3 && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)):
                    await ServeAssetAsync(context, segments[1]);
                    break;
                default:
                    await S3Error(context, 404, "NoSuchKey", "The specified key does not exist.");
                    break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-transfer.
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            await S3Error(context, exception.StatusCode, exception.StatusCode == 413 ? "EntityTooLarge" : "BadRequest", "The request body could not be read.");
        }
        catch (System.IO.IOException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            stats.Response(route, context.Response.StatusCode, ConnectionDrops.WasDropped(context));
        }
    }

    private async Task ServeVideoAsync(HttpContext context, string runId)
    {
        VideoShape? shape;
        lock (state.Gate)
        {
            shape = state.Find(runId) is { HasVideo: true } run ? VideoShape.Of(run) : null;
        }

        if (shape is null)
        {
            await S3Error(context, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }

        var video = VideoFactory.Create(shape.Value, runId, options.VideoBytes);
        await ServeAsync(context, video.Length, "\"" + runId + "-" + video.Length.ToString(CultureInfo.InvariantCulture) + "\"", "video/mp4",
            video.WriteRangeAsync);
    }

    /// <summary>Serves a whole object or one byte range (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>) with S3's
    /// headers; HEAD gets the headers alone. A truncation fault declares every byte, sends about half, then drops.</summary>
    private async Task ServeAsync(HttpContext context, long length, string etag, string contentType,
        Func<Stream, long, long, CancellationToken, Task> write)
    {
        var (from, to, partial, satisfiable) = Range(context.Request.Headers.Range.ToString(), length);
        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.Headers.ETag = etag;
        if (!satisfiable)
        {
            context.Response.Headers.ContentRange = "bytes */" + length.ToString(CultureInfo.InvariantCulture);
            await S3Error(context, 416, "InvalidRange", "The requested range is not satisfiable");
            return;
        }

        context.Response.StatusCode = partial ? 206 : 200;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = to - from + 1;
        if (partial)
        {
            context.Response.Headers.ContentRange = $"bytes {from}-{to}/{length}";
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        if (to - from > 1 && faults.Roll(options.FaultTruncateRate))
        {
            stats.Fault("truncated_download");
            var half = from + (to - from) / 2;
            await write(context.Response.Body, from, half, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            stats.FileBytes(half - from + 1);
            ConnectionDrops.Drop(context);
            return;
        }

        await write(context.Response.Body, from, to, context.RequestAborted);
        stats.FileBytes(to - from + 1);
    }

    private async Task ReceiveUploadAsync(HttpContext context, string assetId)
    {
        EmulatedAsset? asset;
        lock (state.Gate)
        {
            asset = state.FindAsset(assetId);
        }

        if (asset is null)
        {
            await S3Error(context, 404, "NoSuchUpload", "The specified upload does not exist.");
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length != asset.SizeBytes)
        {
            await S3Error(context, 400, "IncompleteBody", $"Expected {asset.SizeBytes} bytes, received {buffer.Length}.");
            return;
        }

        lock (state.Gate)
        {
            asset.Bytes = buffer.ToArray();
        }

        context.Response.StatusCode = 200;
        context.Response.Headers.ETag = "\"" + assetId + "\"";
    }

    private async Task ServeAssetAsync(HttpContext context, string assetId)
    {
        byte[]? bytes;
        string mime;
        lock (state.Gate)
        {
            var asset = state.FindAsset(assetId);
            bytes = asset is { Confirmed: true } ? asset.Bytes : null;
            mime = asset?.MimeType ?? "application/octet-stream";
        }

        if (bytes is null)
        {
            await S3Error(context, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }

        await ServeAsync(context, bytes.Length, "\"" + assetId + "\"", mime,
            (target, from, to, cancellationToken) => target.WriteAsync(bytes.AsMemory((int)from, (int)(to - from + 1)), cancellationToken).AsTask());
    }

    private static (long From, long To, bool Partial, bool Satisfiable) Range(string header, long length)
    {
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return (0, length - 1, false, true);
        }

        var spec = header["bytes=".Length..].Split('-');
        if (spec.Length != 2)
        {
            return (0, length - 1, false, true);
        }

        if (spec[0].Length == 0 && long.TryParse(spec[1], NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
        {
            return suffix == 0 ? (0, 0, true, false) : (Math.Max(0, length - suffix), length - 1, true, true);
        }

        if (!long.TryParse(spec[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            return (0, length - 1, false, true);
        }

        var to = spec[1].Length == 0 ? length - 1 : long.TryParse(spec[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end) ? Math.Min(end, length - 1) : -1;
        if (from >= length || to < from)
        {
            return (0, 0, true, false);
        }

        return (from, to, true, true);
    }

    private static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    private static async Task S3Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>");
    }
}
