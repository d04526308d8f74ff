namespace Seedance.Infrastructure;

internal enum ColumnMatchKind
{
    /// <summary>The name equals a parameter name or alias: PowerShell's own binding already took it.</summary>
    BoundByPowerShell,

    /// <summary>Equal to an input once case, spaces, '-' and '_' are ignored: bound by Seedance.</summary>
    Loose,

    /// <summary>Not an input, but a typo's distance from one: warned about, not bound.</summary>
    NearMiss,

    /// <summary>Any other column (an id, notes): listed under -Verbose.</summary>
    Unknown,
}
