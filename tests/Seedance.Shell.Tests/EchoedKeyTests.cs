using System.Linq;
using Seedance.Emulator;
using Seedance.Tests.Cmdlets;
using Xunit;

namespace Seedance.Shell.Tests;

/// <summary>
/// Against an emulator that echoes the bearer token in every request id, error code, message, field error and failure
/// message (--echo-key), the key shows up nowhere a user can look: not in $Error[0].Exception.RequestId, not in the
/// error records, not in the runs, and not in what the shell's formatter prints of any of them. A proxy password is
/// masked wherever the session is shown.
/// </summary>
[Collection("Module")]
public sealed class EchoedKeyTests : ConnectedModule
{
    protected override bool FullShell => true;

    protected override void Configure(EmulatorOptions options)
    {
        options.ApiKey = "rf_live_echoedsecret_0123456789abcdef";
        options.EchoKey = true;
    }

    [Fact]
    public void Nothing_copied_from_an_echoing_answer_shows_the_key()
    {
        var result = Run("""
            $Error.Clear()
            Get-SeedanceRun -Id 'no-such-run' -ErrorAction SilentlyContinue
            Get-SeedanceRun -Filter 'client_ref:(' -ErrorAction SilentlyContinue
            $failed = New-SeedanceRun -Prompt 'this fails [fail]' -ClientRef 'echo-1' | Wait-SeedanceRun
            $failed | Save-SeedanceVideo -Directory $dir -ErrorAction SilentlyContinue
            $errors = @($Error)
            "errors: $($errors.Count)"
            foreach ($record in $errors) {
                "request id: $($record.Exception.RequestId)"
                $record | Format-List * -Force | Out-String -Width 300
                $record.Exception | Format-List * -Force | Out-String -Width 300
                $record.Exception.ToString()
                $record | Out-String -Width 300
            }
            $failed | Format-List * -Force | Out-String -Width 300
            $failed.Details | Format-List * -Force | Out-String -Width 300
            $failed.Details.RawJson
            """);

        var everything = string.Join("\n", result.Output.Select(item => item.ToString())) + "\n" + result.AllText();
        Assert.Contains("errors: 3", everything);
        Assert.Contains("request id: req_", everything);
        Assert.Contains("rf_live_****", everything);
        Assert.Contains("(emulated failure). (token rf_live_****)", everything);
        Assert.DoesNotContain(Emulator.ApiKey, everything);
        Assert.DoesNotContain("echoedsecret", everything);
    }

    [Fact]
    public void A_proxy_password_is_masked_wherever_the_session_is_shown()
    {
        var result = Run("""
            $session = Connect-Seedance -ApiKey $key -BaseUri $url -Proxy 'http://proxyuser:hunter2@127.0.0.1:3128' -SkipValidation -PassThru -Verbose
            $session | Out-String -Width 300
            Get-SeedanceContext | Format-List * -Force | Out-String -Width 300
            "$(Get-SeedanceContext)"
            (Get-SeedanceContext).Proxy.ToString()
            Connect-Seedance -ApiKey $key -BaseUri $url
            """);

        var everything = string.Join("\n", result.Output.Select(item => item.ToString())) + "\n" + result.AllText();
        result.AssertNoErrors();
        Assert.Contains("http://proxyuser:****@127.0.0.1:3128/", everything);
        Assert.DoesNotContain("hunter2", everything);
    }
}
