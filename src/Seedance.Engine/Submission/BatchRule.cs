using System.Collections.Generic;
using System.Linq;

namespace Seedance.Engine.Submission;

/// <summary>
/// What may share one batch create (<c>POST /v1/models/{model}/batches</c>): at most <see cref="MaxItems"/> inputs of
/// one model, with one callback URL and one metadata object, because the route takes those for the whole batch and
/// not per item. The submit operation groups by this key and the batch create refuses anything else.
/// </summary>
public static class BatchRule
{
    public const int MaxItems = 100;

    /// <summary>Requests with equal keys may share a batch.</summary>
    public static string KeyOf(CreateRunRequest request) => KeyOf(request.Model, request.CallbackUrl, request.Metadata);

    /// <summary>Throws unless <paramref name="items"/> can be one batch of <paramref name="model"/>.</summary>
    public static void RequireOneBatch(string model, IReadOnlyList<CreateRunRequest>? items)
    {
        if (items is null || items.Count == 0 || items.Count > MaxItems)
        {
            throw new RunflowValidationException("input", items?.Count, $"A batch takes 1 to {MaxItems} inputs.");
        }

        if (items.Select(item => KeyOf(model, item.CallbackUrl, item.Metadata)).Distinct().Count() > 1)
        {
            throw new RunflowValidationException("input", null, "All inputs of a batch must share one callback URL and one metadata object.");
        }
    }

    private static string KeyOf(string model, string? callbackUrl, IDictionary<string, object?>? metadata) =>
        SeedanceModels.Normalize(model) + "\n" + callbackUrl + "\n" + PlainJson.Serialize(metadata, sortKeys: true);
}
