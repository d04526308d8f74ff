using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine.Submission;

/// <summary>
/// Uploads the local image files of an operation's requests as Runflow assets, once per file however many requests use
/// it, and gives each request its input with the asset URLs in place.
/// </summary>
internal sealed class AssetUploads
{
    private readonly RunflowClient client;
    private readonly ConcurrentDictionary<string, Lazy<Task<Asset>>> uploads = new(StringComparer.OrdinalIgnoreCase);

    public AssetUploads(RunflowClient client)
    {
        this.client = client;
    }

    /// <summary><paramref name="request"/> itself when it names no local file, else a copy whose input holds the assets.</summary>
    public async Task<CreateRunRequest> WithAssetsAsync(CreateRunRequest request, CancellationToken cancellationToken)
    {
        if (request.LocalImages is not { Count: > 0 } files)
        {
            return request;
        }

        var input = new Dictionary<string, object?>(request.Input ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        foreach (var pair in files)
        {
            var file = new FileInfo(pair.Value);
            var key = file.FullName + "|" + file.Length + "|" + file.LastWriteTimeUtc.Ticks;
            var upload = uploads.GetOrAdd(key, _ => new Lazy<Task<Asset>>(() => client.UploadAssetAsync(file.FullName, cancellationToken)));
            Asset asset;
            try
            {
                asset = await upload.Value.ConfigureAwait(false);
            }
            catch
            {
                // A failed or canceled upload is not cached: the next request that uses the file tries again.
                uploads.TryRemove(key, out _);
                throw;
            }

            input[pair.Key] = asset.Url?.ToString() ?? asset.Reference;
        }

        return new CreateRunRequest
        {
            Model = request.Model,
            Input = input,
            CallbackUrl = request.CallbackUrl,
            Metadata = request.Metadata,
            ClientRef = request.ClientRef,
            EstimatedUsd = request.EstimatedUsd,
            Destination = request.Destination,
        };
    }
}
