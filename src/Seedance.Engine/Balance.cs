using System.Collections.Generic;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>
/// The organization's credit. The docs show <c>{"balance_cents": 12450, "currency": "USD"}</c>, the API reference
/// <c>{"balance": "124.50", "low_balance_threshold": "...", ...}</c>; both are read.
/// </summary>
public sealed class Balance
{
    private Balance()
    {
    }

    public decimal? AmountUsd { get; private set; }

    public string Currency { get; private set; } = "USD";

    public decimal? LowBalanceThreshold { get; private set; }

    public IDictionary<string, object?> Raw { get; private set; } = new Dictionary<string, object?>();

    public override string ToString() => AmountUsd is { } amount ? $"{amount:0.00} {Currency}" : "unknown balance";

    internal static Balance FromElement(JsonElement element)
    {
        var cents = JsonValues.Decimal(element, "balance_cents");
        return new Balance
        {
            AmountUsd = JsonValues.Decimal(element, "balance", "amount") ?? (cents is { } value ? value / 100m : null),
            Currency = JsonValues.String(element, "currency") ?? "USD",
            LowBalanceThreshold = JsonValues.Decimal(element, "low_balance_threshold"),
            Raw = element.ValueKind == JsonValueKind.Object
                ? (IDictionary<string, object?>)JsonValues.ToPlain(element)!
                : new Dictionary<string, object?>(),
        };
    }
}
