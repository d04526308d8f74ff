using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Seedance.Emulator;
using Seedance.Tests.Integration;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>A batch's own callback, as the emulator delivers it, read by ConvertFrom-SeedanceCallback and its items
/// saved: a runbook driven by callbacks can finish a -Batch submission without polling.</summary>
[Collection("Module")]
public sealed class BatchCallbackTests : ConnectedModule
{
    private const string Secret = "whsec_batch_callbacks";

    protected override void Configure(EmulatorOptions options) => options.CallbackSecret = Secret;

    [Fact]
    public async Task A_batch_callback_lists_every_item_and_its_succeeded_runs_can_be_saved()
    {
        using var receiver = new CallbackReceiver();
        var submitted = Run("""
            @(
                [pscustomobject]@{ prompt = 'first scene'; client_ref = 'cb-1' }
                [pscustomobject]@{ prompt = 'second scene [fail]'; client_ref = 'cb-2' }
                [pscustomobject]@{ prompt = 'third scene'; client_ref = 'cb-3' }
            ) | New-SeedanceRun -Batch -CallbackUrl $hook
            """, new Dictionary<string, object?> { ["hook"] = receiver.Url.ToString() });
        submitted.AssertNoErrors();

        Assert.True(await receiver.WaitForAsync(r => r.Received.Any(IsBatchCallback), TimeSpan.FromSeconds(20)), "no batch callback arrived");
        var (body, signature, _) = receiver.Received.First(IsBatchCallback);
        var result = Run("""
            $callback = ConvertFrom-SeedanceCallback -Body $body -Signature $signature -Secret $secret
            $callback
            $callback.Items | Where-Object Status -eq 'Succeeded' | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}'
            """, new Dictionary<string, object?> { ["body"] = body, ["signature"] = signature, ["secret"] = Secret });

        result.AssertNoErrors();
        var callback = result.Output[0];
        Assert.Equal("Seedance.SeedanceBatchCallback", callback.TypeNames[0]);
        Assert.Equal(3, callback.Property<int>("Total"));
        Assert.Equal(2, callback.Property<int>("Succeeded"));
        Assert.Equal(1, callback.Property<int>("Failed"));
        Assert.Equal(new[] { "cb-1", "cb-3" }, result.Output.Skip(1).Select(video => video.Property<string>("ClientRef")).OrderBy(value => value));
        Assert.Equal(new[] { "cb-1.mp4", "cb-3.mp4" }, System.IO.Directory.GetFiles(Directory, "*.mp4").Select(Path.GetFileName).OrderBy(name => name));
    }

    private static bool IsBatchCallback((byte[] Body, string? Signature, int AnsweredWith) received)
    {
        using var json = System.Text.Json.JsonDocument.Parse(received.Body);
        return json.RootElement.TryGetProperty("batch_id", out _) && !json.RootElement.TryGetProperty("run_id", out _);
    }
}
