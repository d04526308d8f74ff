using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using Seedance.Engine;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>
/// Test-SeedanceSignature: checks a callback's Runflow-Signature header (HMAC-SHA256 of the raw body) against one or
/// more callback secrets, in constant time. Returns $true or $false.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SeedanceSignature")]
[OutputType(typeof(bool))]
public sealed class TestSeedanceSignatureCommand : SeedanceCmdlet
{
    /// <summary>The raw request body exactly as received (string or bytes): re-serialised JSON will not match.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? Body { get; set; }

    /// <summary>The value of the Runflow-Signature header.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [AllowEmptyString]
    [AllowNull]
    public string? Signature { get; set; }

    /// <summary>The callback secret(s) (whsec_...); pass the old and the new one while rotating.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [ApiKeyTransformation]
    public SecureString[] Secret { get; set; } = Array.Empty<SecureString>();

    protected override void ProcessRecord()
    {
        var bytes = CallbackBody.Read(this, Body);
        if (bytes is null)
        {
            return;
        }

        var secrets = Secret.Select(SecureStrings.Reveal).ToList();
        WriteObject(CallbackSignature.Verify(secrets, bytes, Signature));
    }
}
