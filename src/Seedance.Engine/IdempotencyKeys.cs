using System;
using System.Security.Cryptography;
using System.Text;

namespace Seedance.Engine;

/// <summary>
/// Idempotency keys for paid creates. With a caller's client ref the key is derived from the model and the whole body,
/// so re-running the same CSV after a crash, even on another machine, replays the first create instead of paying
/// again, while a changed input (a different body) gets a different key rather than a 409. The key format is not
/// documented (the reference recommends a UUID v4), so every key is one: a derived key is the body's SHA-256 folded into
/// a UUID with the version-4 and variant bits set, which any UUID check accepts.
/// </summary>
public static class IdempotencyKeys
{
    public static string Derive(string model, byte[] canonicalBody)
    {
        var modelBytes = Encoding.UTF8.GetBytes("seedance-create\n" + model + "\n");
        var buffer = new byte[modelBytes.Length + canonicalBody.Length];
        Buffer.BlockCopy(modelBytes, 0, buffer, 0, modelBytes.Length);
        Buffer.BlockCopy(canonicalBody, 0, buffer, modelBytes.Length, canonicalBody.Length);
        return Uuid(buffer);
    }

    private static string Uuid(byte[] material)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(material);
        var uuid = new byte[16];
        Array.Copy(hash, uuid, 16);
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x40);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        var hex = Hex.Lower(uuid);
        return hex.Substring(0, 8) + "-" + hex.Substring(8, 4) + "-" + hex.Substring(12, 4) + "-" + hex.Substring(16, 4) + "-" + hex.Substring(20);
    }

    /// <summary>
    /// The key of one take of a create: derived from the account, the model, the normalised input, the client ref and
    /// the take number, never random, so that two machines with separate ledgers that send the same row send the same
    /// key (a server that honours it replays the first create), while a new take (after a failed run, or when the user
    /// asks for one) gets a new key.
    /// </summary>
    public static string ForTake(Ledger.LedgerScope scope, string model, string inputDigest, string clientRef, int take) =>
        Uuid(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", "seedance-take", scope.Server, scope.KeyFingerprint, scope.OrganizationId ?? string.Empty,
            model, inputDigest, clientRef, take.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public static string Random() => Guid.NewGuid().ToString("D");

    /// <summary>A client ref for callers who gave none: only characters a filter expression takes unquoted.</summary>
    public static string NewClientRef() => "sd-" + Guid.NewGuid().ToString("N");
}
