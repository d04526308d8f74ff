using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Seedance.Engine;
using Seedance.Engine.Gallery;
using Seedance.Tests.Help;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Gallery;

public sealed class GalleryPageTests
{
    private static readonly DateTimeOffset WrittenAt = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
    private readonly ITestOutputHelper output;

    public GalleryPageTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    [Fact]
    public void Prompts_client_refs_and_failure_messages_are_escaped_everywhere()
    {
        using var folder = new TemporaryDirectory();
        const string prompt = "<script>alert(\"x\")</script> & 'single' \"double\" </p><img src=x onerror=alert(1)>";
        SaveRun(folder.Combine("a.mp4"), Run.Parse(RunJson("r1", "succeeded", "1.5", prompt, "ref<u>&'\"")));
        SaveFailedRun(folder.Combine("b.mp4"), Run.Parse(
            """{"id":"r2","status_code":"failed","client_ref":"b","input":{"prompt":"p"},"failure_code":"X<&>","failure_message":"it broke: <i>\"&\"</i>"}"""));

        var page = Render(folder.Path);

        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;single&#39; &quot;double&quot; &lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;", page);
        Assert.Contains("ref&lt;u&gt;&amp;&#39;&quot;", page);
        Assert.Contains("X&lt;&amp;&gt;: it broke: &lt;i&gt;&quot;&amp;&quot;&lt;/i&gt;", page);
        Assert.DoesNotContain("<img", page);
        Assert.DoesNotContain("<u>", page);
        Assert.DoesNotContain("<i>", page);
        // The page's own script is the only one, and it is the one the policy allows.
        Assert.Single(Regex.Matches(page, "<script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("alert(\"x\")", page);
    }

    [Fact]
    public void Links_are_relative_and_percent_encoded_for_awkward_names_and_subfolders()
    {
        using var folder = new TemporaryDirectory();
        // '?' is no part of a Windows file name; everywhere else it must be encoded, or it would start a query.
        var awkward = OperatingSystem.IsWindows() ? "a b#1 50% 東" : "a b#1 50% 東?";
        TestMp4.Write(folder.Combine(Path.Combine("sub dir", "東京", awkward + ".mp4")));
        TestMp4.Write(folder.Combine("plain.mp4"));

        var page = Render(folder.Path);
        var sources = Regex.Matches(page, "<video[^>]* src=\"([^\"]*)\"").Select(match => match.Groups[1].Value).ToList();

        var encoded = "sub%20dir/%E6%9D%B1%E4%BA%AC/a%20b%231%2050%25%20%E6%9D%B1" + (OperatingSystem.IsWindows() ? string.Empty : "%3F") + ".mp4";
        Assert.Equal(new[] { "plain.mp4", encoded }, sources);
        Assert.Contains("href=\"" + encoded + "\"", page);
        Assert.DoesNotContain(folder.Path, page);
        Assert.DoesNotContain("file:", page);
    }

    [Fact]
    public void A_page_outside_the_folder_links_into_it()
    {
        using var folder = new TemporaryDirectory();
        TestMp4.Write(folder.Combine(Path.Combine("videos", "one.mp4")));

        var videos = folder.Combine("videos");
        var cards = GalleryFolder.Read(videos);
        var page = GalleryPage.Render(videos, folder.Combine(Path.Combine("pages", "review.html")), cards, WrittenAt);

        Assert.Contains("src=\"../videos/one.mp4\"", page);
    }

    [Fact]
    public void The_header_counts_the_cards_and_adds_up_the_actual_costs()
    {
        using var folder = new TemporaryDirectory();
        SaveRun(folder.Combine("row-1.mp4"), Run.Parse(RunJson("r1", "succeeded", "1.517", "one", "row-1")));
        SaveRun(folder.Combine("row-2.mp4"), Run.Parse(RunJson("r2", "succeeded", "2.5", "two", "row-2")));
        SaveRun(folder.Combine("row-10.mp4"), Run.Parse(RunJson("r10", "succeeded", "0.25", "ten", "row-10")), seconds: 10);
        SaveFailedRun(folder.Combine("row-3.mp4"), Run.Parse(
            """{"id":"r3","status_code":"failed","client_ref":"row-3","input":{"prompt":"three [fail]"},"failure_code":"PROVIDER_ERROR","failure_message":"rejected"}"""));
        TestMp4.Write(folder.Combine("loose.mp4"), seconds: 4);

        var cards = GalleryFolder.Read(folder.Path);
        var summary = GallerySummary.Of(cards);
        var page = Render(folder.Path);

        Assert.Equal(new[] { "loose.mp4", "row-1.mp4", "row-2.mp4", "row-3.json", "row-10.mp4" },
            cards.Select(card => GalleryFolder.RelativePath(folder.Path, card.Key)));
        Assert.Equal((5, 4, 1, 1, 4.267m, 3), (summary.Cards, summary.Videos, summary.WithoutVideo, summary.WithoutMetadata, summary.TotalCost, summary.CostedCards));
        Assert.Equal(TimeSpan.FromSeconds(5 + 5 + 10 + 4), summary.TotalDuration);
        Assert.Contains("<b>5</b> cards", page);
        Assert.Contains("<b>4</b> videos", page);
        Assert.Contains("<b>1</b> without video", page);
        Assert.Contains("<b>1</b> without metadata", page);
        Assert.Contains("<b>$4.267</b> total cost", page);
        Assert.Contains("<b>24.0 s</b> of video", page);
        Assert.Contains(">succeeded 3</span>", page);
        Assert.Contains(">failed 1</span>", page);
        Assert.Contains("PROVIDER_ERROR: rejected", page);
        Assert.Contains("<dt>Cost</dt><dd>$1.517</dd>", page);
        Assert.Contains("<dt>Duration</dt><dd>10.0 s · asked 5 s</dd>", page);
        Assert.Equal(4, Regex.Matches(page, "<video ").Count);
    }

    [Fact]
    public void Five_hundred_cards_render_quickly_load_nothing_and_keep_the_controls_for_the_script()
    {
        using var folder = new TemporaryDirectory();
        var video = TestMp4.Build(5, 160, 90);
        for (var index = 0; index < 500; index++)
        {
            var path = folder.Combine(Path.Combine("batch-" + (index % 5), $"{index}-scene.mp4"));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, video);
            SaveRun(path, Run.Parse(RunJson("r" + index, index % 50 == 0 ? "partial_succeeded" : "succeeded", "1.5", $"scene {index}: a long prompt about a harbor at dawn, gulls, mist and boats leaving one by one", "row-" + index)), writeVideo: false);
        }

        var clock = Stopwatch.StartNew();
        var cards = GalleryFolder.Read(folder.Path);
        var scanned = clock.Elapsed;
        var page = GalleryPage.Render(folder.Path, folder.Combine(GalleryPage.DefaultFileName), cards, WrittenAt);
        var rendered = clock.Elapsed - scanned;
        output.WriteLine($"500 cards: scan {scanned.TotalMilliseconds:0} ms, render {rendered.TotalMilliseconds:0} ms, {page.Length / 1024.0:0} KB");

        Assert.Equal(500, Regex.Matches(page, "<article ").Count);
        Assert.Equal(500, Regex.Matches(page, "<video controls preload=\"none\" ").Count);
        Assert.DoesNotContain("preload=\"metadata\"", page);
        Assert.DoesNotContain("preload=\"auto\"", page);
        Assert.DoesNotContain("autoplay", page);
        Assert.Contains("<b>$750.00</b> total cost", page);
        Assert.Equal("0-scene.mp4", Path.GetFileName(cards[0].Key));
        Assert.Equal("5-scene.mp4", Path.GetFileName(cards[1].Key));
        Assert.True(rendered < TimeSpan.FromSeconds(2), $"rendering took {rendered}");
        Assert.True(page.Length < 1_000_000, $"the page is {page.Length} characters");
        // Nothing from the network: no external link, style sheet, font or image of any kind.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
        Assert.DoesNotContain("<link", page);
        Assert.DoesNotContain("@import", page);
        Assert.DoesNotContain("url(", page);
        // The filter and sort controls stay hidden unless the script runs.
        Assert.Contains("<div class=\"tools\" id=\"tools\" hidden>", page);
    }

    [Fact]
    public void The_policy_allows_exactly_the_inline_style_and_script_the_page_carries()
    {
        using var folder = new TemporaryDirectory();
        var page = Render(folder.Path);

        var policy = Regex.Match(page, "http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"").Groups[1].Value.Replace("&#39;", "'");
        var style = Regex.Match(page, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        var script = Regex.Match(page, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;

        Assert.Contains($"script-src 'sha256-{Sha256(script)}'", policy);
        Assert.Contains($"style-src 'sha256-{Sha256(style)}'", policy);
        Assert.Contains("connect-src 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Contains("<b>0</b> cards", page);
    }

    internal static string RunJson(string id, string status, string cost, string prompt, string clientRef) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id,
            ["status_code"] = status,
            ["client_ref"] = clientRef,
            ["cost"] = cost,
            ["input"] = new Dictionary<string, object> { ["prompt"] = prompt, ["duration"] = "5", ["resolution"] = "720p", ["aspect_ratio"] = "16:9" },
            ["output"] = new Dictionary<string, object> { ["seed"] = "42", ["outputs"] = Array.Empty<object>() },
        });

    internal static void SaveRun(string videoPath, Run run, double seconds = 5, bool writeVideo = true)
    {
        if (writeVideo)
        {
            TestMp4.Write(videoPath, seconds);
        }

        RunSidecar.WriteAsync(videoPath, run, "bytedance/seedance/2.0/text-to-video").GetAwaiter().GetResult();
    }

    internal static void SaveFailedRun(string intendedVideoPath, Run run) =>
        RunSidecar.WriteWithoutVideo(intendedVideoPath, run, "bytedance/seedance/2.0/text-to-video");

    private static string Render(string directory) =>
        GalleryPage.Render(directory, Path.Combine(directory, GalleryPage.DefaultFileName), GalleryFolder.Read(directory), WrittenAt);

    private static string Sha256(string text) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
