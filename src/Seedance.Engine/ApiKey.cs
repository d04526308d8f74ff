using System;

namespace Seedance.Engine;

/// <summary>
/// The Runflow API key. It only leaves this object through <see cref="Reveal"/>, which the HTTP layer calls to build
/// the Authorization header; everything printable shows <see cref="Masked"/>.
/// </summary>
public sealed class ApiKey
{
    private readonly string value;

    public ApiKey(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new RunflowConfigurationException("The API key is empty.");
        }

        this.value = value.Trim();
        Masked = Mask(this.value);
    }

    /// <summary>A recognisable prefix (such as <c>rf_live_</c>) followed by asterisks; never more than a third of the key.</summary>
    public string Masked { get; }

    public override string ToString() => Masked;

    internal string Reveal() => value;

    private static string Mask(string key)
    {
        var limit = key.Length / 3;
        var underscore = key.LastIndexOf('_', Math.Min(key.Length - 1, 11));
        var prefixLength = underscore >= 0 && underscore + 1 <= limit ? underscore + 1 : Math.Min(4, limit);
        return key.Substring(0, prefixLength) + "****";
    }
}
