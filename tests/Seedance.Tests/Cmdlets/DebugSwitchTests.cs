using System.Linq;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>
/// -Debug and -Verbose are tracing switches, never questions. PowerShell 7 gives a binary cmdlet run with -Debug (and
/// without -Verbose) a verbose preference of Inquire, so every WriteVerbose would ask "Continue with this operation?"
/// and fail in a runbook. The test host fails on any prompt, as a -NonInteractive shell does.
/// </summary>
[Collection("Module")]
public sealed class DebugSwitchTests : ConnectedModule
{
    [Fact]
    public void Debug_alone_traces_the_whole_pipeline_without_asking_anything()
    {
        var result = Run("""
            Connect-Seedance -ApiKey $key -BaseUri $url -Debug
            $run = New-SeedanceRun -Prompt 'a debug trace' -Duration 4 -ClientRef 'debug-1' -Debug
            $done = $run | Wait-SeedanceRun -Debug
            $done | Save-SeedanceVideo -Directory $dir -Debug | Out-Null
            $done | Save-SeedanceVideo -Directory $dir -Debug | Out-Null
            Get-SeedanceRun -Id $run.Id -Debug | Out-Null
            Get-SeedanceRun -ClientRef 'debug-1' -Debug | Out-Null
            $done | Stop-SeedanceRun -Force -Debug | Out-Null
            $done
            """);

        result.AssertNoErrors();
        Assert.Equal("Succeeded", result.Output.Single().Property("Status")!.ToString());
        Assert.Contains(result.Debug, line => line.Contains("created run") && line.Contains("debug-1"));
        Assert.Contains(result.Debug, line => line.Contains("already complete"));
        Assert.Contains(result.Debug, line => line.Contains("Searching runs"));
        Assert.Contains(result.Debug, line => line.Contains("had already ended"));
        Assert.Contains(result.Debug, line => line.StartsWith("Seedance: POST /v1/models/") && line.Contains("request body"));
        Assert.Contains(result.Debug, line => line.StartsWith("Seedance: GET /v1/runs/") && line.Contains("-> 200"));
        Assert.DoesNotContain(Shell.Host.Lines, line => line.Contains("Continue with this operation"));
    }

    [Fact]
    public void Verbose_and_debug_together_keep_each_message_on_its_own_stream()
    {
        var result = Run("New-SeedanceRun -Prompt 'both switches' -ClientRef 'debug-2' -Verbose -Debug | Out-Null");

        result.AssertNoErrors();
        Assert.Contains(result.Verbose, line => line.Contains("created run") && line.Contains("debug-2"));
        Assert.DoesNotContain(result.Debug, line => line.Contains("created run"));
        Assert.Contains(result.Debug, line => line.Contains("request body"));
    }

    [Fact]
    public void Verbose_alone_asks_nothing_and_writes_no_bodies()
    {
        var result = Run("New-SeedanceRun -Prompt 'verbose only' -ClientRef 'debug-3' -Verbose | Out-Null");

        result.AssertNoErrors();
        Assert.Contains(result.Verbose, line => line.Contains("created run"));
        Assert.Empty(result.Debug);
    }
}
