using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// Uploads the local image files of a pipeline as Runflow assets, once per file however many rows use it, and puts
/// the asset URLs in the run input.
/// </summary>
internal sealed class ImageUploader
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Asset>>> uploads = new(StringComparer.OrdinalIgnoreCase);

    public async Task<Dictionary<string, object?>> ResolveAsync(RunflowClient client, RunDraft draft, CancellationToken cancellationToken)
    {
        if (draft.LocalImages.Count == 0)
        {
            return draft.Input;
        }

        var input = new Dictionary<string, object?>(draft.Input, StringComparer.Ordinal);
        foreach (var pair in draft.LocalImages)
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
                // A failed or canceled upload is not cached: the next row that uses the file tries again.
                uploads.TryRemove(key, out _);
                throw;
            }

            input[pair.Key] = asset.Url?.ToString() ?? asset.Reference;
        }

        return input;
    }
}
