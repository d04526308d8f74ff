using System;
using System.Globalization;
using System.Linq;

namespace Seedance.Emulator;

/// <summary>How option values are read from text and shown as text; each refusal names the flag.</summary>
internal static class OptionValues
{
    /// <summary>What an unlisted status must not be: the documented seven and the other spelling of canceled.</summary>
    private static readonly string[] DocumentedStatuses =
    {
        "queued", "dispatching", "running", "succeeded", "failed", "canceled", "cancelled", "partial_succeeded",
    };

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(bool value) => value ? "true" : "false";

    public static int Int(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum
            ? parsed
            : throw new ArgumentException($"{name} takes a whole number of at least {minimum}, not '{value}'.");

    public static long Long(string name, string value, long minimum, long maximum) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum && parsed <= maximum
            ? parsed
            : throw new ArgumentException($"{name} takes a whole number from {minimum} to {maximum}, not '{value}'.");

    public static decimal Money(string name, string value) =>
        decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"{name} takes an amount in USD such as 12.50, not '{value}'.");

    public static double Rate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 1
            ? parsed
            : throw new ArgumentException($"{name} takes a share from 0 to 1, not '{value}'.");

    public static bool Switch(string name, string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"{name} is a switch: true or false, not '{value}'."),
    };

    public static int[] Delays(string name, string value)
    {
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 20)
        {
            throw new ArgumentException($"{name} takes at most 20 delays, not {parts.Length}.");
        }

        return parts.Select(part => Int(name, part, 0)).ToArray();
    }

    /// <summary>Shows a lag range the way <c>--search-lag-ms</c> takes it: N when both ends agree, MIN-MAX otherwise.</summary>
    public static string Span(int minimum, int maximum) => minimum == maximum ? Text(minimum) : Text(minimum) + "-" + Text(maximum);

    public static (int Minimum, int Maximum) Span(string name, string value)
    {
        var parts = value.Split('-');
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minimum)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var maximum)
            && minimum <= maximum)
        {
            return (minimum, maximum);
        }

        throw new ArgumentException($"{name} takes milliseconds N or a range MIN-MAX with MIN <= MAX, not '{value}'.");
    }

    public static string UnlistedStatus(string name, string value) =>
        value.Length == 0
        || (value.Length <= 40 && value.All(character => character is (>= 'a' and <= 'z') or '_') && !DocumentedStatuses.Contains(value, StringComparer.Ordinal))
            ? value
            : throw new ArgumentException($"{name} takes a lower-case status the docs do not list, such as expired, not '{value}'.");

    public static string OneOf(string name, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new ArgumentException($"{name} takes {string.Join(" or ", allowed)}, not '{value}'.");

    public static string Token(string name, string value) =>
        value.Length > 0 && value.All(character => character is > ' ' and < (char)127)
            ? value
            : throw new ArgumentException($"{name} takes a non-empty value of printable ASCII without spaces.");

    public static string HttpUrls(string name, string value)
    {
        var urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            throw new ArgumentException($"{name} takes at least one URL such as http://127.0.0.1:8787.");
        }

        foreach (var url in urls)
        {
            // Kestrel's wildcard hosts (* and +) are not valid URI hosts, so they are checked with a stand-in.
            var checkable = url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal);
            if (!Uri.TryCreate(checkable, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/"
                || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ArgumentException($"{name} takes plain http://host:port URLs (no path, no https), not '{url}'.");
            }
        }

        return string.Join(';', urls);
    }
}
