using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Seedance.Emulator;

/// <summary>S3-style presigned URLs on the file origin: the query carries the date, the lifetime and an HMAC of the
/// path, so a URL works without any Authorization header until it expires, and a tampered one never does.</summary>
internal sealed class Presigner
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider clock;

    public Presigner(TimeProvider clock)
    {
        this.clock = clock;
    }

    public string Sign(Uri fileOrigin, string path, int ttlSeconds, string method = "GET")
    {
        var date = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var signature = Signature(method, path, date, ttlSeconds);
        return new Uri(fileOrigin, path) + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=" + date + "&X-Amz-Expires="
            + ttlSeconds.ToString(CultureInfo.InvariantCulture) + "&X-Amz-Signature=" + signature;
    }

    public PresignCheck Check(string method, string path, string? date, string? expires, string? signature)
    {
        if (date is null || expires is null || signature is null
            || !int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl)
            || !DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return PresignCheck.Invalid;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(method, path, date, ttl));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return PresignCheck.Invalid;
        }

        return clock.GetUtcNow() > signedAt.AddSeconds(ttl) ? PresignCheck.Expired : PresignCheck.Valid;
    }

    private string Signature(string method, string path, string date, int ttl)
    {
        using var hmac = new HMACSHA256(key);
        return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(method + "\n" + path + "\n" + date + "\n" + ttl))).ToLowerInvariant();
    }
}
