using System.Linq;
using System.Management.Automation;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>A model that is not a Seedance 2.0 model fails the dry run, the estimate and the real create alike, offline,
/// before anything is uploaded, sent or paid for.</summary>
[Collection("Module")]
public sealed class UnknownModelTests : ConnectedModule
{
    [Theory]
    [InlineData("New-SeedanceRun -Prompt 'a fox' -Model 'foo' -WhatIf")]
    [InlineData("Measure-SeedanceCost -Prompt 'a fox' -Model 'foo'")]
    [InlineData("New-SeedanceRun -Prompt 'a fox' -Model 'foo'")]
    [InlineData("New-SeedanceRun -Prompt 'a fox' -Model 'foo' -Fast")]
    [InlineData("[pscustomobject]@{ prompt = 'a fox'; model = 'foo' } | New-SeedanceRun")]
    public void Each_path_refuses_the_model_by_name_without_a_request(string script)
    {
        var requestsBefore = Emulator.GetStats().RequestsByRoute.Values.Sum();

        var result = Run(script);

        var error = Assert.Single(result.Errors);
        Assert.Equal("Seedance.UnknownModel", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("foo", error.TargetObject);
        Assert.IsType<RunflowUnknownModelException>(error.Exception);
        Assert.All(SeedanceModels.Known, model => Assert.Contains(model, error.ErrorDetails!.Message));
        Assert.Equal(requestsBefore, Emulator.GetStats().RequestsByRoute.Values.Sum());
        Assert.Equal(0, Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public void One_bad_model_in_a_pipeline_costs_only_its_own_row()
    {
        var result = Run("""
            @(
                [pscustomobject]@{ prompt = 'good'; model = 'bytedance/seedance/2.0/fast/text-to-video'; duration = '5' }
                [pscustomobject]@{ prompt = 'typo'; model = 'bytedance/seedance/2.0/text-to-vidoe' }
            ) | Measure-SeedanceCost
            """);

        Assert.Equal("bytedance/seedance/2.0/text-to-vidoe", Assert.Single(result.Errors).TargetObject);
        var report = result.Output.Single();
        Assert.Equal(1, report.Property<int>("Count"));
        Assert.Equal(1, report.Property<int>("InvalidInputs"));
    }

    [Fact]
    public void The_rule_lives_in_the_engine_model_table()
    {
        Assert.Equal(SeedanceModels.FastTextToVideo, SeedanceModels.RequireKnown(" /bytedance/seedance/2.0/fast/text-to-video/ "));
        var refused = Assert.Throws<RunflowUnknownModelException>(() => SeedanceModels.RequireKnown("bytedance/seedance/1.0/text-to-video"));
        Assert.Equal("bytedance/seedance/1.0/text-to-video", refused.Model);
        Assert.Equal(SeedanceModels.Known, refused.KnownModels);
    }
}
