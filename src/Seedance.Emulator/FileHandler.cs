using System;
using System.Globalization;
using System.IO;
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
                await S3Error(context, 403, "AccessDenied", check == PresignCheck.Expired ? "Request has expired" : "The request signature we calculated does not match the signature you provided.");
                return;
            }

            if (faults.Roll(options.FaultFile5xxRate))
            {
                stats.Fault("file_503");
                await S3Error(context, 503, "SlowDown", "Please reduce your request rate.");
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
                case "assets" when segments.Length == 3 && HttpMethods.IsGet(method):
                    await ServeAssetAsync(context, segments[1]);
                    break;
                default:
                    await S3Error(context, 404, "NoSuchKey", "The specified key does not exist.");
                    break;
            }
        }
        finally
        {
            stats.Response(route, context.Response.StatusCode);
        }
    }

    private async Task ServeVideoAsync(HttpContext context, string runId)
    {
        bool available;
        lock (state.Gate)
        {
            available = state.Find(runId) is { HasVideo: true };
        }

        if (!available)
        {
            await S3Error(context, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }

        var length = VideoFactory.Length(options.VideoBytes, runId);
        var (from, to, partial, satisfiable) = Range(context.Request.Headers.Range.ToString(), length);
        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.Headers.ETag = "\"" + runId + "-" + length.ToString(CultureInfo.InvariantCulture) + "\"";
        if (!satisfiable)
        {
            context.Response.StatusCode = 416;
            context.Response.Headers.ContentRange = "bytes */" + length.ToString(CultureInfo.InvariantCulture);
            return;
        }

        context.Response.StatusCode = partial ? 206 : 200;
        context.Response.ContentType = "video/mp4";
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
            // The headers promise every byte; about half arrive, then the connection drops.
            stats.Fault("truncated_download");
            var half = from + (to - from) / 2;
            await VideoFactory.WriteRangeAsync(context.Response.Body, runId, options.VideoBytes, from, half, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            stats.FileBytes(half - from + 1);
            context.Abort();
            return;
        }

        await VideoFactory.WriteRangeAsync(context.Response.Body, runId, options.VideoBytes, from, to, context.RequestAborted);
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

        context.Response.ContentType = mime;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        stats.FileBytes(bytes.Length);
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
