using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// Uploads a local image as an asset: <c>POST /v1/asset-uploads</c>, <c>PUT</c> the bytes to the presigned URL (with no
/// Authorization header), then <c>POST /v1/asset-uploads/{id}/confirmations</c>.
/// </summary>
internal sealed class AssetUploader
{
    private const int FileBufferSize = 81920;

    private readonly RunflowTransport transport;

    public AssetUploader(RunflowTransport transport)
    {
        this.transport = transport;
    }

    public async Task<Asset> UploadAsync(string filePath, CancellationToken cancellationToken)
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
        var slotResponse = await transport.SendAsync(HttpMethod.Post, "v1/asset-uploads", slotBody, null, cancellationToken).ConfigureAwait(false);
        var (assetId, uploadUrl) = RunflowTransport.ParseBody(slotResponse, root =>
        {
            var id = JsonValues.String(root, "asset_id", "id") ?? throw new RunflowProtocolException("The upload slot has no asset_id.");
            var url = JsonValues.String(root, "upload_url", "url") ?? throw new RunflowProtocolException("The upload slot has no upload_url.");
            return (id, new Uri(url));
        }, "an upload slot");

        var put = await transport.RetryAsync("PUT", Secrets.Url(uploadUrl), attempt => PutOnceAsync(uploadUrl, file, mimeType, attempt, cancellationToken),
            mayCreate: false, cancellationToken).ConfigureAwait(false);
        if (!put.IsSuccess)
        {
            throw new RunflowApiException(put.StatusCode, new ApiError(null, $"The presigned upload of '{file.Name}' was refused."), "PUT",
                uploadUrl.AbsolutePath, null, put.RetryAfter);
        }

        var confirm = await transport.SendAsync(HttpMethod.Post, $"v1/asset-uploads/{Uri.EscapeDataString(assetId)}/confirmations",
            PlainJson.SerializeToUtf8(new Dictionary<string, object?>()), null, cancellationToken).ConfigureAwait(false);
        return RunflowTransport.ParseBody(confirm, Asset.FromElement, "the confirmed asset");
    }

    /// <summary>One PUT of the file; only its status and Retry-After matter (a presigned host's body is not the API's).</summary>
    private async Task<ApiResponse> PutOnceAsync(Uri uploadUrl, FileInfo file, string mimeType, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(transport.Options.RequestTimeout + TimeSpan.FromSeconds(file.Length / 100_000.0));
        var outgoing = new TransportRequest(HttpMethod.Put, uploadUrl)
        {
            Content = () => FileContent(file, mimeType),
            TraceNote = "asset upload",
            Attempt = attempt,
        };
        try
        {
            if (RunflowTrace.IsActive)
            {
                RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Request, "PUT", Secrets.Url(uploadUrl), null, null, attempt, "asset upload"));
            }

            using var response = await transport.SendAsync(outgoing, timeout.Token).ConfigureAwait(false);
            using var sent = response.RequestMessage;
            return new ApiResponse((int)response.StatusCode, string.Empty, null, RetryPolicy.RetryAfterOf(response));
        }
        catch (Exception exception) when ((exception is HttpRequestException or IOException or OperationCanceledException)
                                          && !cancellationToken.IsCancellationRequested)
        {
            throw new RunflowTransportException($"Uploading '{file.Name}' failed: {Secrets.Scrub(exception.Message, transport.Options.ApiKey)}",
                exception is OperationCanceledException, exception);
        }
    }

    private static HttpContent FileContent(FileInfo file, string mimeType)
    {
        var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, useAsync: true);
        var content = new StreamContent(stream, FileBufferSize);
        content.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
        content.Headers.ContentLength = file.Length;
        return content;
    }
}
