using System.Collections.Generic;

namespace Seedance.Engine.Submission;

/// <summary>
/// What may share one batch create (<c>POST /v1/models/{model}/batches</c>): at most <see cref="MaxItems"/> inputs of
/// one model, with one callback URL and one metadata object, because the route takes those for the whole batch and
/// not per item. The submit operation groups by this key and sends a group once it holds MaxItems.
/// </summary>
public static class BatchRule
{
    public const int MaxItems = 100;

    /// <summary>Requests with equal keys may share a batch.</summary>
    public static string KeyOf(CreateRunRequest request) => KeyOf(request.Model, request.CallbackUrl, request.Metadata);

    private static string KeyOf(string model, string? callbackUrl, IDictionary<string, object?>? metadata) =>
        SeedanceModels.Normalize(model) + "\n" + callbackUrl + "\n" + PlainJson.Serialize(metadata, sortKeys: true);
}
