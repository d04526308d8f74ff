using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Seedance.Emulator;
using Xunit;

namespace Seedance.Tests.Cmdlets;

[Collection("Module")]
public sealed class QueryCmdletTests : ConnectedModule
{
    protected override void Configure(EmulatorOptions options) => options.CallbackSecret = "whsec_cmdlets";

    [Fact]
    public void Runs_are_found_by_id_from_the_pipeline_and_by_search()
    {
        var created = Run("'one', 'two [fail]', 'three' | ForEach-Object { New-SeedanceRun -Prompt $_ -ClientRef \"q-$_\" -Wait }");
        created.AssertNoErrors();
        var ids = created.Output.Select(run => run.Property<string>("Id")).ToList();

        var byPipeline = Run("$runs | Get-SeedanceRun", new Dictionary<string, object?> { ["runs"] = created.Output.ToArray() });
        var failed = Run("Get-SeedanceRun -Status failed");
        var byRef = Run("Get-SeedanceRun -ClientRef 'q-three'");
        var first = Run("Get-SeedanceRun -First 2");
        var recent = Run("Get-SeedanceRun -Since ([datetime]::Now.AddMinutes(-5)) -Status succeeded,failed");
        var missing = Run("Get-SeedanceRun -Id '00000000-0000-0000-0000-000000000000', $ids[0]", new Dictionary<string, object?> { ["ids"] = ids.ToArray() });

        Assert.Equal(ids, byPipeline.Output.Select(run => run.Property<string>("Id")));
        Assert.Equal("two [fail]", Assert.Single(failed.Output).Property<string>("Prompt"));
        Assert.Equal("three", Assert.Single(byRef.Output).Property<string>("Prompt"));
        Assert.Equal(2, first.Output.Count);
        Assert.Equal(3, recent.Output.Count);
        Assert.Single(missing.Output);
        var notFound = Assert.Single(missing.Errors);
        Assert.Equal("Seedance.NotFound,Seedance.Cmdlets.GetSeedanceRunCommand", notFound.FullyQualifiedErrorId);
        Assert.Equal("00000000-0000-0000-0000-000000000000", notFound.TargetObject);
    }

    [Fact]
    public void A_search_follows_cursors_past_one_page_and_takes_model_and_filter()
    {
        Run("1..560 | ForEach-Object { [pscustomobject]@{ prompt = \"page scene $_\"; client_ref = \"page-$_\" } } | New-SeedanceRun -Batch | Out-Null").AssertNoErrors();

        var searchesBefore = Emulator.GetStats().Requests("GET /v1/runs");
        var many = Run("Get-SeedanceRun -First 555 | ForEach-Object Id");
        var searches = Emulator.GetStats().Requests("GET /v1/runs") - searchesBefore;
        var byModel = Run("Get-SeedanceRun -Model 'bytedance/seedance/2.0/text-to-video' -First 3");
        var otherModel = Run("Get-SeedanceRun -Model 'bytedance/seedance/2.0/image-to-video'");
        var filtered = Run("Get-SeedanceRun -Filter 'client_ref:page-7'");

        many.AssertNoErrors();
        Assert.Equal(555, many.Output.Select(id => id.ToString()).Distinct().Count());
        Assert.Equal(2, searches);
        Assert.Equal(3, byModel.Output.Count);
        Assert.Empty(otherModel.Output);
        Assert.Equal("page scene 7", Assert.Single(filtered.Output).Property<string>("Prompt"));
    }

    [Fact]
    public void Stop_cancels_with_whatif_as_a_free_preview()
    {
        Emulator.Options.QueuedMs = 600_000;
        var run = Run("New-SeedanceRun -Prompt 'to cancel'").Output.Single();

        var preview = Run("$run | Stop-SeedanceRun -WhatIf", new Dictionary<string, object?> { ["run"] = run });
        var stillQueued = Run("$run | Get-SeedanceRun", new Dictionary<string, object?> { ["run"] = run }).Output.Single();
        var stopped = Run("$run | Stop-SeedanceRun -Reason 'not needed' -Force", new Dictionary<string, object?> { ["run"] = run });

        Assert.Empty(preview.Output);
        Assert.Equal("Queued", stillQueued.Property("Status")!.ToString());
        stopped.AssertNoErrors();
        Assert.Equal("Canceled", stopped.Output.Single().Property("Status")!.ToString());
    }

    [Fact]
    public void Models_and_balance_are_described()
    {
        var models = Run("Get-SeedanceModel");
        var one = Run("Get-SeedanceModel -Name 'bytedance/seedance/2.0/image-to-video' | ForEach-Object { $_.Inputs.Name }");
        var balance = Run("Get-SeedanceBalance");

        Assert.Equal(4, models.Output.Count);
        Assert.Contains("image_url", one.Output.Select(name => name.ToString()));
        Assert.Equal(1000m, balance.Output.Single().Property<decimal>("AmountUsd"));
    }

    [Fact]
    public void Callback_bodies_are_verified_then_turned_into_runs()
    {
        const string body = "{\"event\":\"run.completed\",\"run_id\":\"0190b6a4-0000-7000-8000-000000000001\",\"status\":\"succeeded\",\"output\":{\"outputs\":[{\"url\":\"https://files.example.test/v.mp4\",\"type\":\"video\"}]},\"metadata\":{\"row\":4}}";
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("whsec_cmdlets"));
        var signature = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
        var variables = new Dictionary<string, object?> { ["body"] = body, ["signature"] = signature };

        var result = Run("""
            Test-SeedanceSignature -Body $body -Signature $signature -Secret 'whsec_cmdlets'
            Test-SeedanceSignature -Body ($body + ' ') -Signature $signature -Secret 'whsec_cmdlets'
            Test-SeedanceSignature -Body $body -Signature 'abc' -Secret 'whsec_cmdlets'
            Test-SeedanceSignature -Body $body -Signature $signature -Secret 'whsec_old', 'whsec_cmdlets'
            $body | ConvertFrom-SeedanceCallback -Signature $signature -Secret 'whsec_cmdlets'
            """, variables);
        var rejected = Run("ConvertFrom-SeedanceCallback -Body '{not json' -Signature $signature -Secret 'whsec_cmdlets'; ConvertFrom-SeedanceCallback -Body '{not json'", variables);

        result.AssertNoErrors();
        Assert.Equal(new object[] { true, false, false, true }, result.Output.Take(4).Select(item => item.BaseObject));
        var run = result.Output[4];
        Assert.Equal("0190b6a4-0000-7000-8000-000000000001", run.ToString());
        Assert.Equal("Succeeded", run.Property("Status")!.ToString());
        Assert.Equal("https://files.example.test/v.mp4", run.Property("VideoUrl")!.ToString());
        Assert.Equal(new[] { "Seedance.InvalidSignature", "Seedance.InvalidCallback" }, rejected.Errors.Select(error => error.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(ErrorCategory.SecurityError, rejected.Errors[0].CategoryInfo.Category);
        Assert.Equal("{not json", rejected.Errors[1].TargetObject?.ToString());
        Assert.Equal(ErrorCategory.InvalidData, rejected.Errors[1].CategoryInfo.Category);
    }
}
