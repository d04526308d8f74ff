using System;
using System.Security.Cryptography;
using System.Text;

namespace Seedance.Engine;

/// <summary>
/// Idempotency keys for paid creates. With a caller's client ref the key is derived from the model and the whole body,
/// so re-running the same CSV after a crash, even on another machine, replays the first create instead of paying
/// again, while a changed input (a different body) gets a different key rather than a 409.
/// </summary>
public static class IdempotencyKeys
{
    public static string Derive(string model, byte[] canonicalBody)
    {
        using var sha = SHA256.Create();
        var modelBytes = Encoding.UTF8.GetBytes("seedance-create\n" + model + "\n");
        var buffer = new byte[modelBytes.Length + canonicalBody.Length];
        Buffer.BlockCopy(modelBytes, 0, buffer, 0, modelBytes.Length);
        Buffer.BlockCopy(canonicalBody, 0, buffer, modelBytes.Length, canonicalBody.Length);
        return "sd-" + Hex.Lower(sha.ComputeHash(buffer)).Substring(0, 48);
    }

    public static string Random() => "sd-" + Guid.NewGuid().ToString("N");

    /// <summary>A client ref for callers who gave none: only characters a filter expression takes unquoted.</summary>
    public static string NewClientRef() => "sd-" + Guid.NewGuid().ToString("N");
}
