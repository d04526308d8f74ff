namespace Seedance;

/// <summary>The estimated cost of one pipeline input, before anything is submitted.</summary>
public sealed class SeedanceCostItem
{
    internal SeedanceCostItem(int inputIndex, string model, string prompt, string? resolution, string? duration,
        Engine.CostEstimate estimate, object? inputObject)
    {
        InputIndex = inputIndex;
        Model = model;
        Prompt = prompt;
        Resolution = resolution ?? "720p";
        Duration = duration ?? "auto";
        BilledSeconds = estimate.BilledSeconds;
        PricePerSecond = estimate.PricePerSecond;
        EstimatedCost = estimate.Usd;
        DurationWasAuto = estimate.DurationWasAuto;
        PriceIsAssumed = estimate.PriceIsAssumed;
        InputObject = inputObject;
    }

    public int InputIndex { get; }

    public string Model { get; }

    public string Prompt { get; }

    public string Resolution { get; }

    public string Duration { get; }

    /// <summary>The seconds the estimate bills: the requested duration, or 15 (the maximum) for auto.</summary>
    public int BilledSeconds { get; }

    public decimal PricePerSecond { get; }

    public decimal EstimatedCost { get; }

    /// <summary>True when the duration was auto and so counted at its maximum.</summary>
    public bool DurationWasAuto { get; }

    /// <summary>True when Runflow publishes no price for this model and resolution and a budget-safe assumption was used.</summary>
    public bool PriceIsAssumed { get; }

    public object? InputObject { get; }
}
