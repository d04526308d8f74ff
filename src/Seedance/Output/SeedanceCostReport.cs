using System.Collections.Generic;
using System.Linq;

namespace Seedance;

/// <summary>What Measure-SeedanceCost returns: the estimate per input and in total.</summary>
public sealed class SeedanceCostReport
{
    internal SeedanceCostReport(IReadOnlyList<SeedanceCostItem> items, int invalidInputs)
    {
        Items = items;
        InvalidInputs = invalidInputs;
    }

    public int Count => Items.Count;

    public decimal TotalCost => Items.Sum(item => item.EstimatedCost);

    public int TotalSeconds => Items.Sum(item => item.BilledSeconds);

    /// <summary>Inputs whose duration was auto and which were counted at 15 s, the maximum.</summary>
    public int AutoDurationCount => Items.Count(item => item.DurationWasAuto);

    /// <summary>Inputs priced with an assumption because Runflow publishes no price for their model or resolution.</summary>
    public int AssumedPriceCount => Items.Count(item => item.PriceIsAssumed);

    /// <summary>Inputs that failed validation (each has its own error record) and are not counted.</summary>
    public int InvalidInputs { get; }

    public IReadOnlyList<SeedanceCostItem> Items { get; }

    public override string ToString() => $"{Count} run(s), estimated ${TotalCost:0.00}";
}
