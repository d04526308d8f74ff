namespace Seedance.Emulator;

/// <summary>The 404 the API gives for one kind of thing it does not have, e.g. RUN_NOT_FOUND.</summary>
internal sealed record NotFoundAnswer(string Code, string Message)
{
    public static NotFoundAnswer Run { get; } = new("RUN_NOT_FOUND", "Run not found.");

    public static NotFoundAnswer Batch { get; } = new("BATCH_NOT_FOUND", "Batch not found.");

    public static NotFoundAnswer Asset { get; } = new("ASSET_NOT_FOUND", "Asset not found.");

    public static NotFoundAnswer Upload { get; } = new("ASSET_NOT_FOUND", "No such upload.");

    public static NotFoundAnswer Model(string model) => new("MODEL_NOT_FOUND", $"No model '{model}'.");
}
