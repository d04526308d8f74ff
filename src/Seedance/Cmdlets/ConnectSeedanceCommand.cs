using System;
using System.Management.Automation;
using System.Security;
using Seedance.Engine;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>Connect-Seedance: sets the Runflow session of this runspace (and the process default).</summary>
[Cmdlet(VerbsCommunications.Connect, "Seedance", DefaultParameterSetName = ApiKeySet)]
[OutputType(typeof(SeedanceSession))]
public sealed class ConnectSeedanceCommand : SeedanceCmdlet
{
    private const string ApiKeySet = "ApiKey";
    private const string CredentialSet = "Credential";

    /// <summary>The Runflow API key, as a SecureString or a plain string. Defaults to $env:RUNFLOW_API_KEY.</summary>
    [Parameter(Position = 0, ParameterSetName = ApiKeySet)]
    [ApiKeyTransformation]
    public SecureString? ApiKey { get; set; }

    /// <summary>A credential whose password is the API key (the user name is ignored).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public Uri? BaseUri { get; set; }

    [Parameter]
    public string? OrganizationId { get; set; }

    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 30;

    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>Seconds after a create was sent within which the server may still commit it.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int CommitWindowSec { get; set; } = 60;

    /// <summary>Allows a plain http:// base URI that is not on this machine (the key would travel unencrypted).</summary>
    [Parameter]
    public SwitchParameter AllowInsecureHttp { get; set; }

    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    /// <summary>The folder of the ledger of paid creates (default: $env:SEEDANCE_LEDGER_PATH, else the user's data folder).</summary>
    [Parameter]
    public string? LedgerPath { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var options = RunflowClientOptions.FromEnvironment();
        var key = ParameterSetName == CredentialSet ? Credential!.Password : ApiKey;
        if (key is not null)
        {
            var plain = SecureStrings.Reveal(key);
            if (string.IsNullOrWhiteSpace(plain))
            {
                ThrowTerminatingError(ErrorRecords.InvalidInput("Seedance.EmptyApiKey", "The API key is empty.", null,
                    "Pass the key from app.runflow.io > Settings > API Keys."));
            }

            options.ApiKey = new Engine.ApiKey(plain);
        }

        if (options.ApiKey is null)
        {
            ThrowTerminatingError(ErrorRecords.InvalidInput("Seedance.NoApiKey",
                "No API key: pass -ApiKey or -Credential, or set $env:RUNFLOW_API_KEY.", null));
        }

        if (BaseUri is not null)
        {
            options.BaseUri = BaseUri;
        }

        if (OrganizationId is not null)
        {
            options.OrganizationId = OrganizationId;
        }

        if (Proxy is not null)
        {
            options.Proxy = Proxy;
        }

        options.RequestTimeout = TimeSpan.FromSeconds(TimeoutSec);
        options.CommitWindow = TimeSpan.FromSeconds(CommitWindowSec);
        options.Retry.MaxAttempts = MaxRetries + 1;
        options.AllowInsecureHttp = AllowInsecureHttp.IsPresent;
        options.Clock = SeedanceSessionClock.ForCurrentRunspace();

        try
        {
            options.Validate();
        }
        catch (RunflowConfigurationException exception)
        {
            ThrowTerminatingError(new ErrorRecord(exception, "Seedance.InvalidConfiguration", ErrorCategory.InvalidArgument, BaseUri));
        }

        var ledgerPath = string.IsNullOrWhiteSpace(LedgerPath) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(LedgerPath);
        var session = new SeedanceSession(new RunflowClient(options), "Connect-Seedance", ledgerPath);
        if (!SkipValidation.IsPresent)
        {
            try
            {
                var account = RunWhilePumping(token => session.Client.GetAuthInfoAsync(token));
                session.Account = account.ToString();
            }
            catch (System.Exception exception) when (exception is RunflowException or System.OperationCanceledException)
            {
                session.Dispose();
                ThrowFailure(exception, session.BaseUri, "Connect-Seedance could not verify the API key");
            }
        }

        SessionRegistry.SetForCurrentRunspace(session);
        WriteVerbose($"Connected to {session.BaseUri} with key {session.ApiKey}.");
        if (PassThru.IsPresent)
        {
            WriteObject(session);
        }
    }
}
