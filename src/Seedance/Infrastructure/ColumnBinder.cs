using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;

namespace Seedance.Infrastructure;

/// <summary>
/// Binds the columns of one piped row that PowerShell left unbound because they are spelled loosely ("Aspect Ratio"),
/// for that row only, and tells the user once per pipeline about the columns it did not use: a near miss of an input
/// as a warning naming both, any other column under -Verbose.
/// </summary>
internal sealed class ColumnBinder
{
    private readonly SeedanceCmdlet owner;
    private readonly InputColumns columns;
    private readonly HashSet<string> reported = new(StringComparer.OrdinalIgnoreCase);

    public ColumnBinder(SeedanceCmdlet owner)
    {
        this.owner = owner;
        columns = InputColumns.Of(owner.GetType());
    }

    /// <summary>Fills the parameters still unset from loosely named columns of <paramref name="row"/>; disposing the
    /// result empties them again, since PowerShell resets only the parameters it bound itself before the next row.</summary>
    public IDisposable Bind(PSObject? row)
    {
        var binding = new RowBinding(owner);
        if (row is null || row.BaseObject is string)
        {
            return binding;
        }

        var unused = new List<string>();
        try
        {
            foreach (var column in row.Properties)
            {
                if (column.MemberType != PSMemberTypes.NoteProperty)
                {
                    continue;
                }

                var match = columns.Match(column.Name);
                switch (match.Kind)
                {
                    case ColumnMatchKind.Loose when match.Parameter!.GetValue(owner) is null && column.Value is not null:
                        binding.Set(match.Parameter, Convert(column, match.Parameter));
                        break;
                    case ColumnMatchKind.NearMiss when reported.Add(column.Name):
                        owner.WriteWarning($"Column '{column.Name}' is not a run input and is ignored, but it looks like '{match.Suggestion}' " +
                                           $"(-{match.Parameter!.Name}): rename the column to use it.");
                        break;
                    case ColumnMatchKind.Unknown when reported.Add(column.Name):
                        unused.Add(column.Name);
                        break;
                }
            }
        }
        catch
        {
            binding.Dispose();
            throw;
        }

        if (unused.Count > 0)
        {
            owner.WriteVerbose($"Columns that are not run inputs, ignored: {string.Join(", ", unused)}.");
        }

        return binding;
    }

    private static object Convert(PSPropertyInfo column, PropertyInfo parameter)
    {
        try
        {
            return LanguagePrimitives.ConvertTo(column.Value, parameter.PropertyType, CultureInfo.InvariantCulture);
        }
        catch (PSInvalidCastException exception)
        {
            throw new InvalidInputException("Seedance.InvalidInput",
                $"column '{column.Name}' cannot be read as -{parameter.Name}: {exception.Message}", column.Value);
        }
    }

    private sealed class RowBinding : IDisposable
    {
        private readonly object owner;
        private readonly List<PropertyInfo> filled = new();

        public RowBinding(object owner)
        {
            this.owner = owner;
        }

        public void Set(PropertyInfo parameter, object value)
        {
            parameter.SetValue(owner, value);
            filled.Add(parameter);
        }

        public void Dispose()
        {
            foreach (var parameter in filled)
            {
                parameter.SetValue(owner, null);
            }

            filled.Clear();
        }
    }
}
