using System;
using System.Security.Cryptography;
using System.Text;

namespace Seedance.Engine.Ledger;

/// <summary>
/// Whose creates an entry belongs to: the server (its origin) and the account, known by a fingerprint of the API key
/// and, where given or once a run tells it, the organization id. Two sessions share entries when they talk to the same
/// server for the same account, so a re-run with the same key on another machine sees what the first one paid for.
/// </summary>
public sealed class LedgerScope
{
    public LedgerScope(string server, string keyFingerprint, string? organizationId)
    {
        Server = server ?? throw new ArgumentNullException(nameof(server));
        KeyFingerprint = keyFingerprint ?? throw new ArgumentNullException(nameof(keyFingerprint));
        OrganizationId = string.IsNullOrWhiteSpace(organizationId) ? null : organizationId!.Trim();
    }

    /// <summary>scheme://host:port of the API, lower case.</summary>
    public string Server { get; }

    /// <summary>The first 16 hex digits of SHA-256 over the key: enough to tell keys apart, useless to recover one.</summary>
    public string KeyFingerprint { get; }

    public string? OrganizationId { get; }

    public static LedgerScope For(RunflowClientOptions options)
    {
        if (options.ApiKey is null)
        {
            throw new RunflowConfigurationException("No API key: set RUNFLOW_API_KEY or pass one.");
        }

        return new LedgerScope(ServerOf(options.BaseUri), Fingerprint(options.ApiKey.Reveal()), options.OrganizationId);
    }

    public static string ServerOf(Uri baseUri) =>
        (baseUri.Scheme + "://" + baseUri.Host + ":" + baseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToLowerInvariant();

    public static string Fingerprint(string key)
    {
        using var sha = SHA256.Create();
        return Hex.Lower(sha.ComputeHash(Encoding.UTF8.GetBytes("seedance-key\n" + key))).Substring(0, 16);
    }

    /// <summary>Whether an entry made under <paramref name="entryScope"/> (whose run said <paramref name="runOrganization"/>)
    /// is this account's: same server, and the same key or the same organization.</summary>
    public bool Covers(LedgerScope entryScope, string? runOrganization)
    {
        if (!string.Equals(Server, entryScope.Server, StringComparison.Ordinal))
        {
            return false;
        }

        // An organization known on both sides decides (one key may act for several organizations); otherwise the key.
        var entryOrganization = entryScope.OrganizationId ?? runOrganization;
        if (OrganizationId is not null && entryOrganization is not null)
        {
            return string.Equals(OrganizationId, entryOrganization, StringComparison.Ordinal);
        }

        return string.Equals(KeyFingerprint, entryScope.KeyFingerprint, StringComparison.Ordinal);
    }

    public override string ToString() => Server + " key " + KeyFingerprint + (OrganizationId is null ? string.Empty : " org " + OrganizationId);
}
