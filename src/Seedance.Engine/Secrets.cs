using System;
using System.Text.RegularExpressions;

namespace Seedance.Engine;

/// <summary>Keeps secrets out of text that may be shown: the API key, and presigned URL credentials.</summary>
internal static class Secrets
{
    private static readonly Regex SignedQuery = new(
        @"(?i)([?&](?:X-Amz-[A-Za-z-]+|Signature|sig|se|sp|sv|token|Expires|Key-Pair-Id|Policy)=)[^&#\s""']*",
        RegexOptions.CultureInvariant);

    public static string Scrub(string? text, ApiKey? key)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = text!;
        var secret = key?.Reveal();
        if (!string.IsNullOrEmpty(secret))
        {
            result = result.Replace(secret, key!.Masked);
        }

        return SignedQuery.Replace(result, "$1***");
    }

    /// <summary>An input fit to keep or show: presigned URL credentials masked (other values as they are).</summary>
    public static System.Collections.Generic.Dictionary<string, object?> MaskSignedUrls(System.Collections.Generic.IDictionary<string, object?> input)
    {
        var masked = new System.Collections.Generic.Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in input)
        {
            masked[pair.Key] = pair.Value is string text && text.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                ? Scrub(text, null)
                : pair.Value;
        }

        return masked;
    }

    /// <summary>A URL fit to show: scheme, host, path, and a query with signatures masked.</summary>
    public static string Url(Uri url) => Scrub(url.GetLeftPart(UriPartial.Path) + url.Query, null);
}
