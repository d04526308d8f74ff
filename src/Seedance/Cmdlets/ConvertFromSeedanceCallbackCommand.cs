using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using Seedance.Engine;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>
/// ConvertFrom-SeedanceCallback: turns the body of a Runflow callback into the same run object the other cmdlets
/// emit, or a batch callback into a SeedanceBatchCallback. With -Secret, the Runflow-Signature is checked first and a
/// body that fails the check is never parsed.
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "SeedanceCallback")]
[OutputType(typeof(SeedanceRun), typeof(SeedanceBatchCallback))]
public sealed class ConvertFromSeedanceCallbackCommand : SeedanceCmdlet
{
    /// <summary>The raw request body (string or bytes).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? Body { get; set; }

    /// <summary>The value of the Runflow-Signature header; checked when -Secret is given.</summary>
    [Parameter]
    [AllowEmptyString]
    [AllowNull]
    public string? Signature { get; set; }

    /// <summary>The callback secret(s); when given, a body whose signature does not match is rejected unparsed.</summary>
    [Parameter]
    [ApiKeyTransformation]
    public SecureString[]? Secret { get; set; }

    protected override void ProcessRecord()
    {
        var bytes = CallbackBody.Read(this, Body);
        if (bytes is null)
        {
            return;
        }

        if (Secret is { Length: > 0 } && !CallbackSignature.Verify(Secret.Select(SecureStrings.Reveal).ToList(), bytes, Signature))
        {
            WriteError(new ErrorRecord(
                new SecurityException("The callback's Runflow-Signature does not match the secret: the body was not parsed."),
                "Seedance.InvalidSignature", ErrorCategory.SecurityError, Signature));
            return;
        }

        try
        {
            var payload = CallbackPayload.Parse(new System.Text.UTF8Encoding(false, true).GetString(bytes));
            WriteVerbose($"Callback {payload.Event} for {payload.RunId ?? payload.BatchId}.");
            WriteObject(payload.IsBatch ? new SeedanceBatchCallback(payload) : new SeedanceRun(payload.ToRun(), null));
        }
        catch (Exception exception) when (exception is RunflowProtocolException or ArgumentException)
        {
            WriteError(new ErrorRecord(exception, "Seedance.InvalidCallback", ErrorCategory.InvalidData, Body)
            {
                ErrorDetails = new ErrorDetails("The callback body is not a Runflow callback: " + exception.Message),
            });
        }
    }
}
