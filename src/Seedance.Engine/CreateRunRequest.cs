using System.Collections.Generic;

namespace Seedance.Engine;

/// <summary>A run to create: <c>POST /v1/models/{model}/runs</c>.</summary>
public sealed class CreateRunRequest
{
    /// <summary>The model path, e.g. <c>bytedance/seedance/2.0/text-to-video</c>.</summary>
    public string Model { get; set; } = SeedanceModels.TextToVideo;

    /// <summary>The model input, as plain values (strings, booleans, numbers, dictionaries, lists).</summary>
    public IDictionary<string, object?> Input { get; set; } = new Dictionary<string, object?>();

    public string? CallbackUrl { get; set; }

    public IDictionary<string, object?>? Metadata { get; set; }

    /// <summary>The caller's correlation id; one is generated when absent, because it is how an unknown outcome is
    /// reconciled.</summary>
    public string? ClientRef { get; set; }

    /// <summary>What the run is estimated to cost (kept in the ledger beside the actual cost).</summary>
    public decimal? EstimatedUsd { get; set; }

    /// <summary>Where its video is to be saved, when known (kept in the ledger).</summary>
    public string? Destination { get; set; }

    /// <summary>Local image files to upload as assets before the create, keyed by the input field they fill
    /// (<c>image_url</c>, <c>end_image_url</c>). <see cref="Submission.SubmitOperation"/> uploads each file once per
    /// operation; <see cref="RunflowClient.CreateRunAsync"/> does not upload, so give it asset URLs instead.</summary>
    public IDictionary<string, string>? LocalImages { get; set; }
}
