using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>An admin cancel cannot be undone and is not refunded: Stop-SeedanceRun asks first, -Force skips the question,
/// and neither -Force nor anything else turns -WhatIf into a real cancel.</summary>
[Collection("Module")]
public sealed class StopConfirmationTests : ConnectedModule
{
    private const string CancelRoute = "POST /v1/admin/runs/{id}/cancellation";

    [Fact]
    public void Without_force_the_cancel_asks_and_a_host_that_cannot_answer_cancels_nothing()
    {
        var run = QueuedRun();

        var asked = Run("$run | Stop-SeedanceRun -Reason 'not needed'", new Dictionary<string, object?> { ["run"] = run });

        Assert.Contains("asked for input", asked.TerminatingError ?? string.Join(" ", asked.Errors.Select(error => error.ToString())));
        Assert.Equal(0, Emulator.GetStats().Requests(CancelRoute));
        Assert.Equal("Queued", StatusOf(run));
    }

    [Fact]
    public void Force_cancels_without_asking_but_whatif_stays_a_preview()
    {
        var run = QueuedRun();
        var variables = new Dictionary<string, object?> { ["run"] = run };

        var preview = Run("$run | Stop-SeedanceRun -Force -WhatIf", variables);
        var previewByPreference = Run("$WhatIfPreference = $true; try { $run | Stop-SeedanceRun -Force } finally { $WhatIfPreference = $false }", variables);
        var cancelsBeforeForce = Emulator.GetStats().Requests(CancelRoute);
        var stopped = Run("$run | Stop-SeedanceRun -Force -Reason 'not needed'", variables);

        preview.AssertNoErrors();
        previewByPreference.AssertNoErrors();
        Assert.Empty(preview.Output);
        Assert.Empty(previewByPreference.Output);
        Assert.Equal(2, Shell.Host.Lines.Count(line => line.Contains("What if") && line.Contains(run.Property<string>("Id")!)));
        Assert.Equal(0, cancelsBeforeForce);
        stopped.AssertNoErrors();
        Assert.Equal("Canceled", stopped.Output.Single().Property("Status")!.ToString());
    }

    [Fact]
    public void Confirm_false_is_the_other_way_to_not_be_asked()
    {
        var run = QueuedRun();

        var stopped = Run("$run | Stop-SeedanceRun -Confirm:$false", new Dictionary<string, object?> { ["run"] = run });

        stopped.AssertNoErrors();
        Assert.Equal("Canceled", stopped.Output.Single().Property("Status")!.ToString());
    }

    private System.Management.Automation.PSObject QueuedRun()
    {
        Emulator.Options.QueuedMs = 600_000;
        return Run("New-SeedanceRun -Prompt 'to cancel'").Output.Single();
    }

    private string StatusOf(System.Management.Automation.PSObject run) =>
        Run("$run | Get-SeedanceRun", new Dictionary<string, object?> { ["run"] = run }).Output.Single().Property("Status")!.ToString()!;
}
