using System.Collections.Generic;
using System.Linq;
using Seedance.Emulator;
using Seedance.Tests.Cmdlets;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Hardening;

/// <summary>The whole pipeline with -Verbose -Debug, faults and every error path: neither the API key nor the callback
/// secret appears in any stream, in anything written to the host, or in any error.</summary>
[Collection("Module")]
public sealed class SecretHygieneTests : ConnectedModule
{
    private const string CallbackSecret = "whsec_never_print_this_7f3a";
    private readonly ITestOutputHelper output;

    public SecretHygieneTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    protected override void Configure(EmulatorOptions options)
    {
        options.ApiKey = "rf_live_topsecretkey_0123456789abcdef";
        options.CallbackSecret = CallbackSecret;
        options.Fault429Rate = 0.1;
        options.Fault5xxRate = 0.1;
        options.FaultTruncateRate = 0.2;
    }

    [Fact]
    public void No_stream_error_or_host_line_ever_carries_the_key_or_the_callback_secret()
    {
        var scripts = new[]
        {
            "Connect-Seedance -ApiKey $key -BaseUri $url -Verbose -Debug -PassThru",
            "Connect-Seedance -ApiKey ($key + 'x') -BaseUri $url -Verbose -Debug",
            "Connect-Seedance -ApiKey $key -BaseUri $url -MaxRetries 8",
            "Get-SeedanceContext; \"$(Get-SeedanceContext)\"; (Get-SeedanceContext).ApiKey",
            """
            @(
                [pscustomobject]@{ prompt = 'good'; client_ref = 'hygiene-1' }
                [pscustomobject]@{ prompt = 'bad'; duration = '99' }
                [pscustomobject]@{ prompt = 'fails [fail]'; client_ref = 'hygiene-2' }
            ) | New-SeedanceRun -Verbose -Debug -CallbackUrl 'https://hooks.example.test/x' -Metadata @{ note = 'hi' } |
                Wait-SeedanceRun -PollInterval 1 -Verbose -Debug |
                Save-SeedanceVideo -Directory $dir -IncludeMetadata -Verbose -Debug
            """,
            "New-SeedanceRun -Prompt 'x' -Model 'bytedance/other/model' -Verbose -Debug",
            "Get-SeedanceRun -Id 'no-such-run' -Verbose -Debug; Get-SeedanceRun -Filter 'client_ref:(' -Verbose -Debug",
            "Get-SeedanceBalance -Verbose -Debug; Get-SeedanceModel -Verbose -Debug | Out-Null",
            "Test-SeedanceSignature -Body '{}' -Signature 'bad' -Secret $secret -Verbose -Debug",
            "ConvertFrom-SeedanceCallback -Body '{\"run_id\":\"r\"}' -Signature ('0' * 64) -Secret $secret -Verbose -Debug",
        };
        var variables = new Dictionary<string, object?> { ["secret"] = CallbackSecret };
        var texts = new List<string>();
        var errors = 0;
        foreach (var script in scripts)
        {
            var result = Run(script, variables);
            texts.Add(result.AllText());
            errors += result.Errors.Count + (result.TerminatingError is null ? 0 : 1);
        }

        var everything = string.Join("\n", texts) + "\n" + string.Join("\n", Shell.Host.Lines);
        foreach (var file in System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFiles(Directory, "*.json") : System.Array.Empty<string>())
        {
            everything += System.IO.File.ReadAllText(file);
        }

        output.WriteLine($"{scripts.Length} scripts, {everything.Length:N0} characters of output, {errors} error records, faults injected: " +
                         string.Join(", ", Emulator.GetStats().FaultsInjected.Select(pair => $"{pair.Key} {pair.Value}")));
        Assert.True(errors >= 5, "the error paths were exercised");
        Assert.Contains("rf_live_****", everything);
        Assert.DoesNotContain(Emulator.ApiKey, everything);
        Assert.DoesNotContain("topsecretkey", everything);
        Assert.DoesNotContain(CallbackSecret, everything);
        Assert.DoesNotContain("X-Amz-Signature=", everything.Replace("X-Amz-Signature=***", string.Empty));
    }
}
