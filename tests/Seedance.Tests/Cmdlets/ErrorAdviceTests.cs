using System.Linq;
using System.Management.Automation;
using Seedance.Emulator;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>What the API refuses reaches the user as an error record that names the input and says in words what to
/// do: 402 (credit), 404 (unknown run) and 422 (the server's own validation).</summary>
[Collection("Module")]
public sealed class ErrorAdviceTests : ConnectedModule
{
    protected override void Configure(EmulatorOptions options) => options.Balance = 0m;

    [Fact]
    public void Refusals_of_the_api_carry_their_error_id_category_input_and_advice()
    {
        var result = Run("""
            [pscustomobject]@{ prompt = 'no credit left'; client_ref = 'advice-402' } | New-SeedanceRun
            Get-SeedanceRun -Id 'no-such-run'
            """);
        Emulator.TopUpBalance(100m);
        var invalid = Run("New-SeedanceRun -Prompt 'an asset that was never uploaded' -Image 'runflow://assets/never-uploaded' -ClientRef 'advice-422'");

        var errors = result.Errors.Concat(invalid.Errors).ToList();
        Assert.Equal(new[] { "Seedance.InsufficientCredit", "Seedance.NotFound", "Seedance.ValidationFailed" },
            errors.Select(error => error.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(new[] { ErrorCategory.QuotaExceeded, ErrorCategory.ObjectNotFound, ErrorCategory.InvalidData },
            errors.Select(error => error.CategoryInfo.Category));
        Assert.Contains("Top up", errors[0].ErrorDetails.RecommendedAction);
        Assert.Contains("advice-402", errors[0].ToString());
        Assert.Equal("no-such-run", errors[1].TargetObject?.ToString());
        Assert.Contains("Check the id", errors[1].ErrorDetails.RecommendedAction);
        Assert.Contains("image_url", errors[2].ErrorDetails.RecommendedAction);
        Assert.Contains("advice-422", errors[2].ToString());
        Assert.Equal(0, Emulator.GetStats().RunsCreated);
    }
}
