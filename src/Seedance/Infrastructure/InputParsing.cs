using System;
using System.Globalization;
using System.Linq;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// Reads parameter values the way people write them, in a console or in a CSV cell, into the exact strings the API
/// wants; a value that cannot be read is reported with what would have been accepted.
/// </summary>
internal static class InputParsing
{
    public static bool IsBlank(object? value) => value is null || (value is string text && text.Trim().Length == 0);

    /// <summary><c>auto</c>, or a whole number of seconds 4–15 (as a number or a string such as "10").</summary>
    public static string ParseDuration(object value)
    {
        var text = Text(value);
        if (string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return "auto";
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && SeedanceModels.Durations.Contains(seconds.ToString(CultureInfo.InvariantCulture)))
        {
            return seconds.ToString(CultureInfo.InvariantCulture);
        }

        throw new FormatException($"Duration '{text}' is not valid: use auto or a whole number of seconds from 4 to 15.");
    }

    public static string ParseAspectRatio(object value)
    {
        var text = Text(value);
        var match = SeedanceModels.AspectRatios.FirstOrDefault(ratio => string.Equals(ratio, text, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new FormatException(
            $"Aspect ratio '{text}' is not valid: use one of {string.Join(", ", SeedanceModels.AspectRatios)}.");
    }

    public static string ParseResolution(object value)
    {
        var text = Text(value);
        var match = SeedanceModels.Resolutions.FirstOrDefault(resolution => string.Equals(resolution, text, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new FormatException(
            $"Resolution '{text}' is not valid: use one of {string.Join(", ", SeedanceModels.Resolutions)}.");
    }

    /// <summary>true/false, yes/no, y/n, on/off, 1/0 in any case, or a real boolean or number.</summary>
    public static bool ParseBoolean(object value, string name)
    {
        switch (value)
        {
            case bool flag:
                return flag;
            case System.Management.Automation.SwitchParameter switchValue:
                return switchValue.IsPresent;
            case int or long or short or byte:
                var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                if (number is 0 or 1)
                {
                    return number == 1;
                }

                break;
        }

        var text = Text(value).ToLowerInvariant();
        switch (text)
        {
            case "true" or "$true" or "yes" or "y" or "on" or "1":
                return true;
            case "false" or "$false" or "no" or "n" or "off" or "0":
                return false;
        }

        throw new FormatException($"{name} '{Text(value)}' is not a yes/no value: use true/false, yes/no or 1/0.");
    }

    public static string Text(object value) =>
        (Convert.ToString(value is System.Management.Automation.PSObject wrapped ? wrapped.BaseObject : value, CultureInfo.InvariantCulture) ?? string.Empty).Trim();
}
