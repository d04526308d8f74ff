using System.Linq;
using System.Management.Automation;
using Seedance.Emulator;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>Connect-Seedance options a runbook relies on, seen through the cmdlets: -TimeoutSec ends a hung request
/// with an error that says what to do; a SecureString key and -OrganizationId make a working session.</summary>
[Collection("Module")]
public sealed class ConnectionOptionTests : ConnectedModule
{
    // -TimeoutSec runs on real time (the HTTP client's), so the emulator's 3 s hold must too, or it would end first.
    protected override double TimeFactor => 1;

    protected override void Configure(EmulatorOptions options)
    {
        options.FaultSlowMs = 3000;
    }

    [Fact]
    public void A_request_slower_than_TimeoutSec_ends_with_a_timeout_error_naming_the_setting()
    {
        Emulator.Options.FaultSlowRate = 1.0;
        var result = Run("""
            Connect-Seedance -ApiKey $key -BaseUri $url -TimeoutSec 1 -MaxRetries 0 -SkipValidation
            Get-SeedanceRun -Id 'slow-run'
            """);
        Emulator.Options.FaultSlowRate = 0;

        var error = Assert.Single(result.Errors);
        Assert.Equal("Seedance.Timeout", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Equal("slow-run", error.TargetObject?.ToString());
        Assert.Contains("-TimeoutSec", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_secure_string_key_and_an_organization_id_make_a_working_session()
    {
        var result = Run("""
            $secure = [System.Security.SecureString]::new(); foreach ($c in $key.ToCharArray()) { $secure.AppendChar($c) }
            Connect-Seedance -ApiKey $secure -BaseUri $url -OrganizationId 'org_runbook_7'
            (Get-SeedanceContext).OrganizationId
            New-SeedanceRun -Prompt 'for the organization' | ForEach-Object Prompt
            """);

        result.AssertNoErrors();
        Assert.Equal(new[] { "org_runbook_7", "for the organization" }, result.Output.Select(item => item?.ToString()));
        Assert.Equal(1, Emulator.GetStats().RunsCreated);
    }
}
