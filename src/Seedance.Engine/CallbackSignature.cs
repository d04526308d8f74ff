using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace Seedance.Engine;

/// <summary>
/// The <c>Runflow-Signature</c> header: lowercase hex HMAC-SHA256 of the raw body, keyed with the callback secret's
/// plain text. Checks reject malformed headers before comparing and compare in constant time.
/// </summary>
public static class CallbackSignature
{
    private const int SignatureHexLength = 64;

    public static string Compute(string secret, byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Hex.Lower(hmac.ComputeHash(body));
    }

    public static bool Verify(string secret, byte[] body, string? signatureHeader) =>
        Verify(new[] { secret }, body, signatureHeader);

    /// <summary>True when the header matches any of <paramref name="secrets"/> (old and new during a rotation).</summary>
    public static bool Verify(IEnumerable<string> secrets, byte[] body, string? signatureHeader)
    {
        var presented = (signatureHeader ?? string.Empty).Trim();
        if (presented.StartsWith("sha256=", System.StringComparison.OrdinalIgnoreCase))
        {
            presented = presented.Substring("sha256=".Length);
        }

        if (presented.Length != SignatureHexLength || !Hex.TryParse(presented, out var presentedBytes))
        {
            return false;
        }

        var matched = false;
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
            // Every secret is checked, whatever matched before, so timing does not tell which one did.
            matched |= FixedTimeEquals(hmac.ComputeHash(body), presentedBytes);
        }

        return matched;
    }

    /// <summary>Compares without stopping at the first difference (netstandard2.0 has no CryptographicOperations).</summary>
    internal static bool FixedTimeEquals(byte[] left, byte[] right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        var difference = 0;
        for (var index = 0; index < left.Length; index++)
        {
            difference |= left[index] ^ right[index];
        }

        return difference == 0;
    }
}
