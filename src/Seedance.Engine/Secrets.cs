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

    /// <summary>
    /// The same for an answer still in its UTF-8 bytes (<see cref="AnswerBody"/>): returned as it is, without being
    /// decoded, when the key is nowhere in it, written plainly or behind escapes; otherwise decoded, masked by
    /// <see cref="WithoutKey(string?, ApiKey?)"/> and encoded again.
    /// </summary>
    public static ReadOnlySequence<byte> WithoutKey(ReadOnlySequence<byte> utf8, ApiKey? key)
    {
        var secret = key?.Reveal();
        if (utf8.IsEmpty || string.IsNullOrEmpty(secret))
        {
            return utf8;
        }

        if (!Holds(utf8, Encoding.UTF8.GetBytes(secret)) && !(Holds(utf8, Backslash) && HoldsEscaped(utf8, secret!)))
        {
            return utf8;
        }

        return AnswerBody.FromText(WithoutKey(AnswerBody.ToText(utf8), key));
    }

    /// <summary>Whether <paramref name="needle"/> occurs in the bytes, also across the seam of two chunks.</summary>
    internal static bool Holds(in ReadOnlySequence<byte> utf8, ReadOnlySpan<byte> needle)
    {
        if (utf8.IsSingleSegment)
        {
            return utf8.First.Span.IndexOf(needle) >= 0;
        }

        // The last needle.Length - 1 bytes seen so far, then the head of the next chunk: a match across a seam lies in them.
        var reach = needle.Length - 1;
        var seam = new byte[2 * Math.Max(reach, 1)];
        var carried = 0;
        foreach (var memory in utf8)
        {
            var span = memory.Span;
            if (span.IndexOf(needle) >= 0)
            {
                return true;
            }

            var head = Math.Min(span.Length, reach);
            span.Slice(0, head).CopyTo(seam.AsSpan(carried));
            var joined = seam.AsSpan(0, carried + head);
            if (carried > 0 && joined.IndexOf(needle) >= 0)
            {
                return true;
            }

            if (span.Length >= reach)
            {
                span.Slice(span.Length - reach).CopyTo(seam);
                carried = reach;
            }
            else
            {
                var keep = Math.Min(joined.Length, reach);
                joined.Slice(joined.Length - keep).CopyTo(seam);
                carried = keep;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> Backslash => new[] { (byte)'\\' };

    /// <summary>Whether a string or property name written with escapes decodes to text that holds the key. Only escaped
    /// tokens are decoded: an unescaped one reads as it is written, and the plain replace before this already masked
    /// every key written as it is. This runs for every answer that has a backslash anywhere (a JSON writer may escape
    /// a presigned URL's '&amp;'), so it decodes only what could hide the key, not every string of the answer, and
    /// into one reused buffer rather than a new string each.</summary>
    private static bool HoldsEscaped(string json, string secret)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(json));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, 0, json.Length, bytes, 0);
            return HoldsEscaped(new ReadOnlySequence<byte>(bytes, 0, length), secret);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static bool HoldsEscaped(in ReadOnlySequence<byte> utf8, string secret)
    {
        char[]? decoded = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
                {
                    continue;
                }

                // Escapes only lengthen a text, so a token written shorter than the key cannot hold it.
                var written = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                if (written < secret.Length)
                {
                    continue;
                }

                if (decoded is null || decoded.Length < written)
                {
                    decoded = new char[Math.Max(written, 256)];
                }

                var length = reader.CopyString(decoded);
                if (decoded.AsSpan(0, length).IndexOf(secret.AsSpan(), StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            // Not JSON: nothing in it is decoded by anybody, so only the plain key (already masked) could show.
            return false;
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
