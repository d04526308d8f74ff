using System;
using System.Collections.Generic;
using System.Management.Automation;
using Seedance.Emulator;
using Seedance.Tests.Cmdlets;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Hardening;

/// <summary>Each way a request can fail reaches the user as its own ErrorId and category, with advice, through the
/// cmdlets: what a runbook's catch blocks and $Error filters are written against.</summary>
[Collection("Module")]
public sealed class ErrorIdCorpusTests : ConnectedModule
{
    private readonly ITestOutputHelper output;

    public ErrorIdCorpusTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    public static IEnumerable<object[]> Cases() => new[]
    {
        new object[] { "rate limited", "Connect-Seedance -ApiKey $key -BaseUri $url -MaxRetries 0 -SkipValidation; Get-SeedanceRun -Id 'some-run'", "Seedance.RateLimited", ErrorCategory.LimitsExceeded },
        new object[] { "server error", "Connect-Seedance -ApiKey $key -BaseUri $url -MaxRetries 0 -SkipValidation; Get-SeedanceRun -Id 'some-run'", "Seedance.ServiceUnavailable", ErrorCategory.ResourceUnavailable },
        new object[] { "nothing listening", "Connect-Seedance -ApiKey $key -BaseUri 'http://127.0.0.1:9' -MaxRetries 0 -SkipValidation; Get-SeedanceRun -Id 'some-run'", "Seedance.NetworkError", ErrorCategory.ConnectionError },
        new object[] { "unknown status", "Get-SeedanceRun -Status 'sleeping'", "Seedance.InvalidStatus", ErrorCategory.InvalidArgument },
        new object[] { "no key anywhere", "$env:RUNFLOW_API_KEY = $null; Connect-Seedance -BaseUri $url", "Seedance.NoApiKey", ErrorCategory.InvalidArgument },
        new object[] { "empty key", "Connect-Seedance -ApiKey ' ' -BaseUri $url", "Seedance.EmptyApiKey", ErrorCategory.InvalidArgument },
        new object[] { "unknown placeholder", "Save-SeedanceVideo -Id 'some-run' -Directory $dir -FileName '{Nope}'", "Seedance.InvalidDestination", ErrorCategory.InvalidArgument },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_failure_has_its_own_error_id_category_and_words(string failure, string script, string errorId, ErrorCategory category)
    {
        Emulator.Options.Fault429Rate = failure == "rate limited" ? 1.0 : 0;
        Emulator.Options.Fault429RetryAfterShare = 0;
        Emulator.Options.Fault5xxRate = failure == "server error" ? 1.0 : 0;
        ScriptResult result;
        try
        {
            result = Run(script);
        }
        finally
        {
            Emulator.Options.Fault429Rate = 0;
            Emulator.Options.Fault5xxRate = 0;
        }

        var error = Assert.Single(result.Errors);
        output.WriteLine($"{failure}: {error.FullyQualifiedErrorId} ({error.CategoryInfo.Category}) - {error.ErrorDetails?.Message ?? error.Exception.Message}");
        Assert.Equal(errorId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.Message ?? error.Exception.Message));
        Assert.DoesNotContain(Emulator.ApiKey, error.ToString() + error.ErrorDetails?.Message + error.ErrorDetails?.RecommendedAction);
    }
}
