using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// The Runflow API for Seedance. One instance holds one <see cref="RunflowTransport"/> (one HttpClient), is thread-safe
/// and is meant to be shared by every caller of a session. Per-call headers (Authorization, X-Organization-Id,
/// Idempotency-Key) go on each request, never on the shared client; the key is sent only to the API's own origin.
/// </summary>
public sealed partial class RunflowClient : IDisposable
{
    /// <summary>The documented page size range of GET /v1/runs is 1–500.</summary>
    public const int MaxSearchLimit = 500;

    private readonly RunflowClientOptions options;
    private readonly RunflowTransport transport;
    private readonly VideoDownloader downloads;
    private readonly AssetUploader assets;

    public RunflowClient(RunflowClientOptions options)
        : this(options, null)
    {
    }

    internal RunflowClient(RunflowClientOptions options, HttpMessageHandler? handler)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        this.options = options.Clone();
        this.options.Validate();
        transport = new RunflowTransport(this.options, handler);
        downloads = new VideoDownloader(transport, GetRunAsync);
        assets = new AssetUploader(transport);
    }

    /// <summary>A copy of the settings (the key stays masked in its text form).</summary>
    public RunflowClientOptions Options => options.Clone();

    public Uri BaseUri => options.BaseUri;

    internal BackoffStrategy Backoff => transport.Retry.Backoff;

    internal EngineClock Clock => options.Clock;

    public void Dispose() => transport.Dispose();

    /// <summary>
    /// Streams one output of a run to a file (see <see cref="VideoDownloader"/>): skipped when this run's complete video
    /// is already there, resumed after a truncated body, the expired URL replaced by reading the run again, never with
    /// Authorization on the presigned URL.
    /// </summary>
    public Task<DownloadResult> DownloadOutputAsync(DownloadRequest request, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        downloads.DownloadAsync(request, progress, cancellationToken);

    /// <summary>Uploads a local JPEG, PNG or WebP image as an asset (see <see cref="AssetUploader"/>).</summary>
    public Task<Asset> UploadAssetAsync(string filePath, CancellationToken cancellationToken = default) =>
        assets.UploadAsync(filePath, cancellationToken);

    public async Task<AuthInfo> GetAuthInfoAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/auth/me", null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, AuthInfo.FromElement, "the account");
    }

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/runs/" + EncodeRunId(runId), null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, Run.FromElement, "a run");
    }

    /// <summary>Admin cancellation (<c>POST /v1/admin/runs/{id}/cancellation</c>); no refund, and a run already terminal is
    /// returned unchanged.</summary>
    public async Task<Run> CancelRunAsync(string runId, string? reason, CancellationToken cancellationToken = default)
    {
        if (reason is not null && (reason.Length < 3 || reason.Length > 500))
        {
            throw new RunflowValidationException("reason", reason, "The cancellation reason must be 3 to 500 characters.");
        }

        var body = PlainJson.SerializeToUtf8(new Dictionary<string, object?> { ["reason"] = reason });
        var response = await SendAsync(HttpMethod.Post, $"v1/admin/runs/{EncodeRunId(runId)}/cancellation", body, null, cancellationToken)
            .ConfigureAwait(false);
        return ParseBody(response, Run.FromElement, "the canceled run");
    }

    public async Task<IReadOnlyList<ModelInfo>> GetModelsAsync(string? query, CancellationToken cancellationToken = default)
    {
        var path = "v1/models?limit=100" + (string.IsNullOrWhiteSpace(query) ? string.Empty : "&q=" + Uri.EscapeDataString(query!.Trim()));
        var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, root =>
        {
            var items = root.ValueKind == JsonValueKind.Array ? root : JsonValues.TryGet(root, "items", out var list) ? list : default;
            if (items.ValueKind != JsonValueKind.Array)
            {
                throw new RunflowProtocolException("The model search answer has no items array.");
            }

            return (IReadOnlyList<ModelInfo>)items.EnumerateArray().Select(ModelInfo.FromElement).ToList();
        }, "the model catalog");
    }

    public async Task<ModelInfo> GetModelAsync(string modelPath, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/models/" + EncodeModelPath(modelPath), null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, ModelInfo.FromElement, "a model");
    }

    public async Task<Balance> GetBalanceAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/billing/balance", null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, Balance.FromElement, "the balance");
    }

    /// <summary>See <see cref="ApiPaths.ModelPath"/>.</summary>
    public static string EncodeModelPath(string modelPath) => ApiPaths.ModelPath(modelPath);

    internal static string EncodeRunId(string runId) => ApiPaths.RunId(runId);

    /// <summary>Sends an API request that is safe to repeat, retrying transient failures; returns a success or throws.</summary>
    internal Task<ApiResponse> SendAsync(HttpMethod method, string relativePath, byte[]? body, IDictionary<string, string>? headers,
        CancellationToken cancellationToken) =>
        transport.SendAsync(method, relativePath, body, headers, cancellationToken);

    private static T ParseBody<T>(ApiResponse response, Func<JsonElement, T> read, string what) => RunflowTransport.ParseBody(response, read, what);
}
