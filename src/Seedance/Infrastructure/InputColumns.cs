using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;

namespace Seedance.Infrastructure;

/// <summary>
/// Which run input a CSV column (a property of a piped object) names. PowerShell binds a column only when its name
/// equals a parameter name or alias, ignoring case; people write headers as "Aspect Ratio", "aspect-ratio" or
/// "aspect_ratio", so a column also names an input when the two are equal once case, white space, '-' and '_' are
/// ignored. A column that is not equal but within a typo's distance of an input ("promt", "durration") is a near miss.
/// This is the one place that rule lives.
/// </summary>
internal sealed class InputColumns
{
    private static readonly ConcurrentDictionary<Type, InputColumns> ByCmdletType = new();
    private readonly HashSet<string> exactNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (PropertyInfo Parameter, string Spelling)> byNormalizedName = new(StringComparer.Ordinal);

    private InputColumns(Type cmdletType)
    {
        foreach (var property in cmdletType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var byPropertyName = property.GetCustomAttributes<ParameterAttribute>().Any(parameter => parameter.ValueFromPipelineByPropertyName);
            if (!byPropertyName)
            {
                continue;
            }

            var spellings = new[] { property.Name }.Concat(property.GetCustomAttributes<AliasAttribute>().SelectMany(alias => alias.AliasNames));
            foreach (var spelling in spellings)
            {
                exactNames.Add(spelling);
                var normalized = Normalize(spelling);
                if (!byNormalizedName.ContainsKey(normalized))
                {
                    byNormalizedName[normalized] = (property, spelling);
                }
            }
        }
    }

    public static InputColumns Of(Type cmdletType) => ByCmdletType.GetOrAdd(cmdletType, type => new InputColumns(type));

    /// <summary>The name with case, white space, '-' and '_' taken out: "Aspect Ratio", "aspect-ratio" and
    /// "aspect_ratio" all become "aspectratio".</summary>
    public static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            if (!char.IsWhiteSpace(character) && character is not '-' and not '_')
            {
                builder.Append(char.ToLowerInvariant(character));
            }
        }

        return builder.ToString();
    }

    public ColumnMatch Match(string column)
    {
        if (exactNames.Contains(column))
        {
            return ColumnMatch.BoundByPowerShell;
        }

        var normalized = Normalize(column);
        if (byNormalizedName.TryGetValue(normalized, out var same))
        {
            return ColumnMatch.Loose(same.Parameter);
        }

        if (normalized.Length >= 3)
        {
            var nearest = byNormalizedName
                .Select(pair => (pair.Value.Parameter, pair.Value.Spelling, Distance: Distance(normalized, pair.Key), Shorter: Math.Min(normalized.Length, pair.Key.Length)))
                .Where(candidate => candidate.Distance <= (candidate.Shorter <= 5 ? 1 : 2))
                .OrderBy(candidate => candidate.Distance)
                .FirstOrDefault();
            if (nearest.Parameter is not null)
            {
                return ColumnMatch.NearMiss(nearest.Parameter, nearest.Spelling);
            }
        }

        return ColumnMatch.Unknown;
    }

    /// <summary>Edit distance with transpositions (optimal string alignment): "modle" is one edit from "model".</summary>
    private static int Distance(string first, string second)
    {
        var rows = new int[first.Length + 1, second.Length + 1];
        for (var i = 0; i <= first.Length; i++)
        {
            rows[i, 0] = i;
        }

        for (var j = 0; j <= second.Length; j++)
        {
            rows[0, j] = j;
        }

        for (var i = 1; i <= first.Length; i++)
        {
            for (var j = 1; j <= second.Length; j++)
            {
                var cost = first[i - 1] == second[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(rows[i - 1, j] + 1, rows[i, j - 1] + 1), rows[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && first[i - 1] == second[j - 2] && first[i - 2] == second[j - 1])
                {
                    best = Math.Min(best, rows[i - 2, j - 2] + 1);
                }

                rows[i, j] = best;
            }
        }

        return rows[first.Length, second.Length];
    }
}
