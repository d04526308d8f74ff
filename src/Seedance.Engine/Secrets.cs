using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Seedance.Engine;

/// <summary>Keeps secrets out of text that may be shown: the API key, presigned URL credentials and proxy passwords.</summary>
internal static class Secrets
{
    private const string MaskedPassword = "****";

    private static readonly Regex SignedQuery = new(
        @"(?i)([?&](?:X-Amz-[A-Za-z-]+|Signature|sig|se|sp|sv|token|Expires|Key-Pair-Id|Policy)=)[^&#\s""']*",
        RegexOptions.CultureInvariant);

    // The password of a URL's user info, as .NET puts a proxy's URL into the message of a failed tunnel (407).
    private static readonly Regex UrlPassword = new(@"(?i)\b([a-z][a-z0-9+.-]*://[^\s/:@'""]+:)[^\s/@'""]+@", RegexOptions.CultureInvariant);

    public static string Scrub(string? text, ApiKey? key)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var withoutPasswords = UrlPassword.Replace(WithoutKey(text, key), "$1" + MaskedPassword + "@");
        return SignedQuery.Replace(withoutPasswords, "$1***");
    }

    /// <summary>
    /// The text with every occurrence of the API key masked, including one hidden behind JSON escapes
    /// (<c>rf_live_\u0030...</c>), which a plain replace would miss and the JSON reader would decode back into the key.
    /// Presigned URLs are left whole: this is applied to every API answer, and the video links in it must still work.
    /// </summary>
    public static string WithoutKey(string? text, ApiKey? key)
    {
        var secret = key?.Reveal();
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(secret))
        {
            return text ?? string.Empty;
        }

        var replaced = text!.Replace(secret, key!.Masked);
        return replaced.IndexOf('\\') < 0 ? replaced : JsonWithoutKey(replaced, secret!, key.Masked) ?? replaced;
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

    /// <summary>The URL with the password of its user info masked (<c>http://user:****@proxy:8080/</c>); the user name
    /// stays, so the user can tell which account a proxy setting uses.</summary>
    public static Uri WithoutPassword(Uri url)
    {
        if (!url.IsAbsoluteUri || url.UserInfo.IndexOf(':') < 0)
        {
            return url;
        }

        return new UriBuilder(url) { Password = MaskedPassword }.Uri;
    }

    /// <summary>The document rewritten with the key masked in every string and property name, or null when the text is
    /// not JSON or holds the key nowhere once decoded.</summary>
    private static string? JsonWithoutKey(string json, string secret, string masked)
    {
        try
        {
            if (!HoldsEscaped(json, secret))
            {
                return null;
            }

            using var document = JsonDocument.Parse(json);

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Write(document.RootElement, writer, secret, masked);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether a string or property name written with escapes decodes to text that holds the key. Only escaped
    /// tokens are decoded: an unescaped one reads as it is written, and the plain replace before this already masked
    /// every key written as it is. This runs for every answer that has a backslash anywhere (a JSON writer may escape
    /// a presigned URL's '&amp;'), so it decodes only what could hide the key, not every string of the answer.</summary>
    private static bool HoldsEscaped(string json, string secret)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(json));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, 0, json.Length, bytes, 0);
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(bytes, 0, length));
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                    && reader.GetString()!.Contains(secret))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer, string secret, string masked)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString()!.Replace(secret, masked));
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name.Replace(secret, masked));
                    Write(property.Value, writer, secret, masked);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, writer, secret, masked);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
