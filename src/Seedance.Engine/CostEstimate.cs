namespace Seedance.Engine;

/// <summary>What a run is expected to cost before it is submitted.</summary>
public sealed class CostEstimate
{
    public CostEstimate(decimal usd, int billedSeconds, bool durationWasAuto, decimal pricePerSecond, bool priceIsAssumed)
    {
        Usd = usd;
        BilledSeconds = billedSeconds;
        DurationWasAuto = durationWasAuto;
        PricePerSecond = pricePerSecond;
        PriceIsAssumed = priceIsAssumed;
    }

    public decimal Usd { get; }

    public int BilledSeconds { get; }

    /// <summary>The duration was auto and is counted at its maximum, 15 s.</summary>
    public bool DurationWasAuto { get; }

    public decimal PricePerSecond { get; }

    /// <summary>Runflow publishes no price for this model/resolution; a budget-safe assumption was used.</summary>
    public bool PriceIsAssumed { get; }

    public override string ToString() => $"${Usd:0.00} ({BilledSeconds} s at ${PricePerSecond:0.0000}/s)";
}
