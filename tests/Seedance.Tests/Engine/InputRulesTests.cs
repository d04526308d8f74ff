using System;
using System.Collections.Generic;
using System.Linq;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

public class InputRulesTests
{
    private static Dictionary<string, object?> Input(params (string Key, object? Value)[] fields)
    {
        var input = new Dictionary<string, object?> { ["prompt"] = "a cat" };
        foreach (var (key, value) in fields)
        {
            input[key] = value;
        }

        return input;
    }

    [Fact]
    public void A_documented_input_passes()
    {
        var problems = SeedanceInputValidator.Validate(SeedanceModels.TextToVideo,
            Input(("aspect_ratio", "16:9"), ("duration", "15"), ("resolution", "1080p"), ("generate_audio", false), ("seed", "7"), ("end_user_id", "u1")));

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("duration", 10)]
    [InlineData("duration", "3")]
    [InlineData("duration", "16")]
    [InlineData("duration", "10s")]
    [InlineData("aspect_ratio", "16x9")]
    [InlineData("resolution", "4k")]
    [InlineData("generate_audio", "yes")]
    [InlineData("seed", 7)]
    [InlineData("image_url", "https://example.test/a.png")]
    [InlineData("unknown_field", "x")]
    public void Each_bad_value_is_named(string field, object value)
    {
        var problem = Assert.Single(SeedanceInputValidator.Validate(SeedanceModels.TextToVideo, Input((field, value))));

        Assert.Equal("input." + field, problem.Field);
    }

    [Fact]
    public void Image_models_need_an_image_url_of_a_usable_scheme()
    {
        Assert.Equal("input.image_url", Assert.Single(SeedanceInputValidator.Validate(SeedanceModels.ImageToVideo, Input())).Field);
        Assert.Single(SeedanceInputValidator.Validate(SeedanceModels.ImageToVideo, Input(("image_url", "file:///etc/passwd"))));
        Assert.Empty(SeedanceInputValidator.Validate(SeedanceModels.ImageToVideo, Input(("image_url", "runflow://assets/a1"), ("end_image_url", "https://x.test/b.png"))));
    }

    [Fact]
    public void Prices_follow_the_published_table_and_err_on_the_safe_side_where_unknown()
    {
        var published = SeedancePricing.Estimate(SeedanceModels.TextToVideo, "720p", "10");
        var fast = SeedancePricing.Estimate(SeedanceModels.FastTextToVideo, null, "4");
        var auto = SeedancePricing.Estimate(SeedanceModels.ImageToVideo, "720p", "auto");
        var hd = SeedancePricing.Estimate(SeedanceModels.TextToVideo, "1080p", "10");
        var fastImage = SeedancePricing.Estimate(SeedanceModels.FastImageToVideo, "720p", "5");

        Assert.Equal(3.034m, published.Usd);
        Assert.False(published.PriceIsAssumed);
        Assert.Equal(0.9676m, fast.Usd);
        Assert.True(auto.DurationWasAuto);
        Assert.Equal(15, auto.BilledSeconds);
        Assert.Equal(4.536m, auto.Usd);
        Assert.True(hd.PriceIsAssumed);
        Assert.True(hd.Usd > published.Usd);
        Assert.True(fastImage.PriceIsAssumed);
        Assert.Equal(0.3034m, fastImage.PricePerSecond);
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_and_honours_retry_after()
    {
        var strategy = new BackoffStrategy(new RetryOptions
        {
            BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(32), MaxJitter = TimeSpan.FromSeconds(1),
            MaxRetryAfter = TimeSpan.FromSeconds(60),
        }, () => 0.5);

        var delays = Enumerable.Range(2, 8).Select(attempt => strategy.Delay(attempt, null).TotalSeconds).ToList();

        Assert.Equal(new[] { 1.5, 2.5, 4.5, 8.5, 16.5, 32.5, 32.5, 32.5 }, delays);
        Assert.Equal(TimeSpan.FromSeconds(3), strategy.Delay(2, TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(60), strategy.Delay(2, TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Filter_values_are_quoted_only_when_they_must_be()
    {
        Assert.Equal("client_ref:row-1.a_b", RunQuery.ForClientRef("row-1.a_b"));
        Assert.Equal("client_ref:\"my \\\"row\\\" 1\"", RunQuery.ForClientRef("my \"row\" 1"));
        Assert.Equal("id:a OR id:b", RunQuery.ForIds(new[] { "a", "b" }));
    }
}
