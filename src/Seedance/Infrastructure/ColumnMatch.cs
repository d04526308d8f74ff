using System.Reflection;

namespace Seedance.Infrastructure;

/// <summary>What <see cref="InputColumns.Match"/> made of one column name.</summary>
internal sealed class ColumnMatch
{
    private ColumnMatch(ColumnMatchKind kind, PropertyInfo? parameter, string? suggestion)
    {
        Kind = kind;
        Parameter = parameter;
        Suggestion = suggestion;
    }

    public static ColumnMatch BoundByPowerShell { get; } = new(ColumnMatchKind.BoundByPowerShell, null, null);

    public static ColumnMatch Unknown { get; } = new(ColumnMatchKind.Unknown, null, null);

    public ColumnMatchKind Kind { get; }

    /// <summary>The parameter the column binds to (Loose) or resembles (NearMiss).</summary>
    public PropertyInfo? Parameter { get; }

    /// <summary>For a near miss, the spelling of the input it resembles most (a parameter name or alias).</summary>
    public string? Suggestion { get; }

    public static ColumnMatch Loose(PropertyInfo parameter) => new(ColumnMatchKind.Loose, parameter, null);

    public static ColumnMatch NearMiss(PropertyInfo parameter, string suggestion) => new(ColumnMatchKind.NearMiss, parameter, suggestion);
}
