using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
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

    [Theory]
    [InlineData(255, false)]
    [InlineData(256, true)]
    public void A_client_ref_is_at_most_255_characters(int length, bool refused)
    {
        Assert.Equal(refused, SeedanceInputValidator.CheckClientRef(new string('r', length)) is not null);
    }

    [Fact]
    public void A_client_ref_has_no_control_characters_and_the_create_path_refuses_what_the_rule_refuses()
    {
        Assert.Equal("client_ref", SeedanceInputValidator.CheckClientRef("line\nbreak")!.Field);
        var refused = Assert.Throws<RunflowValidationException>(() => SeedanceInputValidator.RequireClientRef("tab\there"));
        Assert.Equal("client_ref", refused.Field);
        Assert.Null(SeedanceInputValidator.CheckClientRef("row-1 (retake)"));
    }

    [Theory]
    [InlineData("https://hooks.example.test/runflow", false)]
    [InlineData("http://localhost:8080/hook", false)]
    [InlineData("ftp://example.test/hook", true)]
    [InlineData("javascript:alert(1)", true)]
    [InlineData("/relative/hook", true)]
    public void A_callback_url_is_an_absolute_http_or_https_url(string url, bool refused)
    {
        Assert.Equal(refused, SeedanceInputValidator.CheckCallbackUrl(url) is not null);
    }

    [Fact]
    public void A_callback_url_is_at_most_2048_characters_and_none_is_fine()
    {
        var prefix = "https://example.test/";
        Assert.Null(SeedanceInputValidator.CheckCallbackUrl(prefix + new string('a', 2048 - prefix.Length)));
        Assert.Equal("callback_url", SeedanceInputValidator.CheckCallbackUrl(prefix + new string('a', 2049 - prefix.Length))!.Field);
        Assert.Null(SeedanceInputValidator.CheckCallbackUrl(null));
    }

    [Fact]
    public void One_image_rule_checks_name_content_and_size_up_to_30_000_000_bytes()
    {
        var folder = Path.Combine(Path.GetTempPath(), "seedance-image-rule-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
            string File(string name, byte[] bytes, long? length = null)
            {
                var path = Path.Combine(folder, name);
                using var stream = System.IO.File.Create(path);
                stream.Write(bytes, 0, bytes.Length);
                if (length is { } size)
                {
                    stream.SetLength(size);
                }

                return path;
            }

            ImageFileProblemKind? Kind(string path) => SeedanceInputValidator.CheckImageFile(path)?.Kind;

            Assert.Null(Kind(File("fine.png", png)));
            Assert.Null(Kind(File("at-limit.png", png, 30_000_000)));
            Assert.Equal(ImageFileProblemKind.OutOfSizeRange, Kind(File("just-over.png", png, 30_000_001)));
            Assert.Equal(ImageFileProblemKind.OutOfSizeRange, Kind(File("empty.png", Array.Empty<byte>())));
            Assert.Equal(ImageFileProblemKind.UnsupportedFormat, Kind(File("picture.gif", new byte[] { 0x47, 0x49, 0x46 })));
            Assert.Equal(ImageFileProblemKind.UnsupportedFormat, Kind(File("renamed-text.png", System.Text.Encoding.ASCII.GetBytes("not a picture at all"))));
            Assert.Equal(ImageFileProblemKind.UnsupportedFormat, Kind(folder));
            Assert.Equal(ImageFileProblemKind.NotFound, Kind(Path.Combine(folder, "missing.png")));
            Assert.Equal("image/webp", SeedanceInputValidator.ImageMimeType("frame.WEBP"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task The_upload_path_refuses_an_image_over_the_same_limit_before_any_request()
    {
        var path = Path.Combine(Path.GetTempPath(), "seedance-just-over-" + Guid.NewGuid().ToString("N") + ".png");
        using (var stream = File.Create(path))
        {
            stream.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, 0, 8);
            stream.SetLength(SeedanceInputValidator.MaxImageBytes + 1);
        }

        try
        {
            var api = new FakeApi((request, _) => throw new InvalidOperationException("nothing should be sent"));
            using var client = api.Client();

            var refused = await Assert.ThrowsAsync<RunflowValidationException>(() => client.UploadAssetAsync(path));

            Assert.Contains("30,000,000 bytes", refused.Message);
            Assert.Empty(api.Requests);
        }
        finally
        {
            File.Delete(path);
        }
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
    }
}
