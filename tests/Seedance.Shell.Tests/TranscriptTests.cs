using System.Collections.Generic;
using System.IO;
using System.Linq;
using Seedance.Emulator;
using Seedance.Tests.Cmdlets;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Shell.Tests;

/// <summary>
/// Start-Transcript records what a console shows, including verbose, debug and error text and anything piped to
/// Out-Default. A runbook that keeps transcripts must not end up with the API key or the callback secret in them.
/// </summary>
[Collection("Module")]
public sealed class TranscriptTests : ConnectedModule
{
    private const string CallbackSecret = "whsec_transcript_must_not_hold_9c1d";
    private readonly ITestOutputHelper output;

    public TranscriptTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    protected override bool FullShell => true;

    protected override void Configure(EmulatorOptions options)
    {
        options.ApiKey = "rf_live_transcriptkey_fedcba9876543210";
        options.CallbackSecret = CallbackSecret;
        options.Fault429Rate = 0.1;
        options.Fault5xxRate = 0.1;
        options.FaultTruncateRate = 0.2;
    }

    [Fact]
    public void A_transcript_of_every_stream_and_error_path_holds_neither_the_key_nor_the_callback_secret()
    {
        var transcript = Path.Combine(Directory, "transcript.txt");
        System.IO.Directory.CreateDirectory(Directory);
        var result = Run("""
            Start-Transcript -Path $transcript -IncludeInvocationHeader | Out-Null
            try {
                Connect-Seedance -ApiKey $key -BaseUri $url -Verbose -Debug -PassThru | Format-List * | Out-Default
                Get-SeedanceContext | Format-List * -Force | Out-Default
                "context as text: $(Get-SeedanceContext)" | Out-Default
                @(
                    [pscustomobject]@{ prompt = 'kept'; client_ref = 'transcript-1' }
                    [pscustomobject]@{ prompt = 'too long'; duration = '99' }
                    [pscustomobject]@{ prompt = 'fails [fail]'; client_ref = 'transcript-2' }
                ) | New-SeedanceRun -Verbose -Debug -CallbackUrl 'https://hooks.example.test/x' |
                    Wait-SeedanceRun -PollInterval 1 -Verbose -Debug |
                    Save-SeedanceVideo -Directory $dir -IncludeMetadata -Verbose -Debug | Format-Table | Out-Default
                Get-SeedanceRun -Id 'no-such-run' -Verbose -Debug
                Get-SeedanceBalance -Verbose -Debug | Out-Default
                Test-SeedanceSignature -Body '{}' -Signature 'bad' -Secret $secret -Verbose -Debug | Out-Default
                ConvertFrom-SeedanceCallback -Body '{"run_id":"r"}' -Signature ('0' * 64) -Secret $secret -Verbose -Debug
                Connect-Seedance -ApiKey ($key + 'x') -BaseUri $url -Verbose -Debug
                $Error | Format-List * -Force | Out-Default
                $Error | ForEach-Object { $_.Exception | Format-List * -Force } | Out-Default
            }
            finally {
                Stop-Transcript | Out-Null
            }
            """, new Dictionary<string, object?> { ["transcript"] = transcript, ["secret"] = CallbackSecret });

        Assert.Null(result.TerminatingError);
        var text = File.ReadAllText(transcript);
        output.WriteLine($"transcript: {text.Length:N0} characters, {text.Split('\n').Length:N0} lines, " +
                         $"{text.Split('\n').Count(line => line.StartsWith("VERBOSE:"))} verbose, {text.Split('\n').Count(line => line.StartsWith("DEBUG:"))} debug; " +
                         $"{result.Errors.Count} error records; faults injected: " +
                         string.Join(", ", Emulator.GetStats().FaultsInjected.Select(pair => $"{pair.Key} {pair.Value}")));

        // The transcript really recorded the streams a leak would travel through...
        Assert.Contains("VERBOSE: Seedance: POST /v1/models/", text);
        Assert.Contains("\"prompt\":\"kept\"", text);
        Assert.Contains("DEBUG:", text);
        Assert.Contains("transcript-1", text);
        Assert.Contains("no-such-run", text);
        Assert.Contains("rf_live_****", text);
        Assert.True(result.Errors.Count >= 4, "the error paths were exercised");
        // ...and none of them carried a secret.
        Assert.DoesNotContain(Emulator.ApiKey, text);
        Assert.DoesNotContain("transcriptkey", text);
        Assert.DoesNotContain(CallbackSecret, text);
        Assert.DoesNotContain("X-Amz-Signature=", text.Replace("X-Amz-Signature=***", string.Empty));
    }
}
