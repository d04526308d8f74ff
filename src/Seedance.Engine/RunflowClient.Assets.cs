using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

public sealed partial class RunflowClient
{
    /// <summary>
    /// Uploads a local image as an asset: <c>POST /v1/asset-uploads</c>, <c>PUT</c> the bytes to the presigned URL (with no
    /// Authorization header), then <c>POST /v1/asset-uploads/{id}/confirmations</c>.
    /// </summary>
    public async Task<Asset> UploadAssetAsync(string filePath, CancellationToken cancellationToken = default)
    {
        if (SeedanceInputValidator.CheckImageFile(filePath) is { } problem)
        {
            throw new RunflowValidationException("image", filePath, problem.Message);
        }

        var file = new FileInfo(filePath);
        var mimeType = SeedanceInputValidator.ImageMimeType(file.Name)!;
        var slotBody = PlainJson.SerializeToUtf8(new Dictionary<string, object?>
        {
            ["filename"] = file.Name,
            ["mime_type"] = mimeType,
            ["size_bytes"] = file.Length,
        });
        var slotResponse = await SendAsync(HttpMethod.Post, "v1/asset-uploads", slotBody, null, cancellationToken).ConfigureAwait(false);
        var (assetId, uploadUrl) = ParseBody(slotResponse, root =>
        {
            var id = JsonValues.String(root, "asset_id", "id") ?? throw new RunflowProtocolException("The upload slot has no asset_id.");
            var url = JsonValues.String(root, "upload_url", "url") ?? throw new RunflowProtocolException("The upload slot has no upload_url.");
            return (id, new Uri(url));
        }, "an upload slot");

        await PutFileAsync(uploadUrl, file, mimeType, cancellationToken).ConfigureAwait(false);
        var confirm = await SendAsync(HttpMethod.Post, $"v1/asset-uploads/{Uri.EscapeDataString(assetId)}/confirmations",
            PlainJson.SerializeToUtf8(new Dictionary<string, object?>()), null, cancellationToken).ConfigureAwait(false);
        return ParseBody(confirm, Asset.FromElement, "the confirmed asset");
    }

    private async Task PutFileAsync(Uri uploadUrl, FileInfo file, string mimeType, CancellationToken cancellationToken)
    {
        var maxAttempts = Math.Max(1, options.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            int status;
            TimeSpan? retryAfter = null;
            try
            {
                using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                using var request = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = new StreamContent(stream, 81920) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
                request.Content.Headers.ContentLength = file.Length;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.RequestTimeout + TimeSpan.FromSeconds(file.Length / 100_000.0));
                RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Request, "PUT", Secrets.Url(uploadUrl), null, null, attempt, "asset upload"));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                retryAfter = response.Headers.RetryAfter?.Delta;
                RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Response, "PUT", Secrets.Url(uploadUrl), status, null, attempt, "asset upload"));
                if (status is >= 200 and < 300)
                {
                    return;
                }
            }
            catch (Exception exception) when ((exception is HttpRequestException or IOException or OperationCanceledException)
                                              && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= maxAttempts)
                {
                    throw new RunflowTransportException($"Uploading '{file.Name}' failed: {Secrets.Scrub(exception.Message, options.ApiKey)}", exception is OperationCanceledException, exception);
                }

                await Clock.Delay(Backoff.Delay(attempt + 1, null), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!(status is 429 or >= 500) || attempt >= maxAttempts)
            {
                throw new RunflowApiException(status, new ApiError(null, $"The presigned upload of '{file.Name}' was refused."), "PUT",
                    uploadUrl.AbsolutePath, null, retryAfter);
            }

            await Clock.Delay(Backoff.Delay(attempt + 1, retryAfter), cancellationToken).ConfigureAwait(false);
        }
    }
}
