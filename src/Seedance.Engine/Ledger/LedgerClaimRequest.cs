namespace Seedance.Engine.Ledger;

/// <summary>The create a new take is claimed for.</summary>
public sealed class LedgerClaimRequest
{
    public LedgerClaimRequest(string model, string inputDigest, string inputJson, decimal? estimatedUsd, string? destination)
    {
        Model = model;
        InputDigest = inputDigest;
        InputJson = inputJson;
        EstimatedUsd = estimatedUsd;
        Destination = destination;
    }

    public string Model { get; }

    public string InputDigest { get; }

    public string InputJson { get; }

    public decimal? EstimatedUsd { get; }

    public string? Destination { get; }
}
