using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Seedance.Tests.Cmdlets;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Gallery;

/// <summary>
/// The gallery of real emulator videos, opened from disk (file://, as a user opens it) in headless Chromium: a
/// screenshot, the page's own script running under its policy, and every player loading its video's metadata once
/// asked to, with the length and picture size the run asked for. The screenshot is kept in out/TestResults/gallery.
/// </summary>
[Collection("Module")]
public sealed class GalleryBrowserTests : ConnectedModule
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(20);

    // Test-only: a second of (virtual) time after the page loaded, each player's readyState and networkState. A player
    // that has loaded nothing by itself is HAVE_NOTHING (0) and NETWORK_IDLE (1); one with preload="metadata" or "auto"
    // would be loading (2) or have data.
    private const string IdleCheck = """
        (function () {
          var out = document.createElement('pre');
          out.id = 'idle-check';
          document.body.appendChild(out);
          setTimeout(function () {
            out.textContent = JSON.stringify(Array.prototype.map.call(document.querySelectorAll('video'), function (video) {
              return { readyState: video.readyState, networkState: video.networkState };
            }));
          }, 1000);
        })();
        """;

    // Test-only: asks every player for its metadata as the page is parsed, so the loads hold up the page's load event
    // (after which Chromium dumps the DOM), and writes what each player got into the page.
    private const string MetadataCheck = """
        (function () {
          var videos = Array.prototype.slice.call(document.querySelectorAll('video'));
          var out = document.createElement('pre');
          out.id = 'metadata-check';
          document.body.appendChild(out);
          var loaded = videos.map(function () { return null; });
          function write() { out.textContent = JSON.stringify(loaded); }
          videos.forEach(function (video, index) {
            video.addEventListener('loadedmetadata', function () {
              loaded[index] = { src: video.getAttribute('src'), duration: video.duration, width: video.videoWidth, height: video.videoHeight };
              write();
            });
            video.addEventListener('error', function () {
              loaded[index] = { src: video.getAttribute('src'), error: video.error ? video.error.code : -1 };
              write();
            });
            video.preload = 'metadata';
            video.load();
          });
          write();
        })();
        """;

    private readonly ITestOutputHelper output;

    public GalleryBrowserTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    [Fact]
    public void Chromium_shows_the_page_from_disk_and_every_player_loads_its_video()
    {
        var clock = Stopwatch.StartNew();
        var chromium = HeadlessChromium.Locate();
        var result = Run("""
            $rows = @(
                [pscustomobject]@{ client_ref = '東 scene #1 50%'; prompt = 'A <b>bold</b> street musician & "friends" at night'; duration = '5'; aspect_ratio = '16:9' }
                [pscustomobject]@{ client_ref = 'tall take'; prompt = 'A lighthouse in a storm, seen from below'; duration = '4'; aspect_ratio = '9:16' }
                [pscustomobject]@{ client_ref = 'broken'; prompt = 'A scene that cannot be made [fail]'; duration = '5' }
            )
            $rows | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 |
                Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -IncludeMetadata -ErrorAction SilentlyContinue | Out-Null
            [pscustomobject]@{ client_ref = 'square'; prompt = 'A paper crane unfolding'; duration = '6'; aspect_ratio = '1:1' } |
                New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 |
                Save-SeedanceVideo -Directory ([System.IO.Path]::Combine($dir, 'sub folder')) -FileName '{ClientRef}' -IncludeMetadata | Out-Null
            Export-SeedanceGallery -Directory $dir | ForEach-Object FullName
            """);
        result.AssertNoErrors();
        var page = Assert.Single(result.Output).ToString();
        var prepared = clock.Elapsed;

        var screenshot = Path.Combine(Directory, "screenshot.png");
        chromium.Run(new Uri(page), BrowserTimeout, "--screenshot=" + screenshot, "--window-size=1280,2000", "--hide-scrollbars");
        var shown = chromium.Run(new Uri(page), BrowserTimeout, "--dump-dom", "--virtual-time-budget=5000").Output;
        var idle = chromium.Run(CopyWith(page, "idle", IdleCheck), BrowserTimeout, "--dump-dom", "--virtual-time-budget=3000").Output;
        var checkedDom = chromium.Run(CopyWith(page, "metadata", MetadataCheck), BrowserTimeout, "--dump-dom").Output;
        var browsed = clock.Elapsed - prepared;
        output.WriteLine($"emulator runs, saves and page: {prepared.TotalSeconds:0.0} s; Chromium (4 runs): {browsed.TotalSeconds:0.0} s");

        KeepScreenshot(screenshot);
        var png = File.ReadAllBytes(screenshot);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
        Assert.Equal((1280, 2000), (ReadBigEndian(png, 16), ReadBigEndian(png, 20)));
        Assert.True(png.Length > 20_000, $"the screenshot is only {png.Length} bytes");

        // The page's own script ran under its policy: the tools it un-hides are shown, with the card count.
        Assert.Contains("<div class=\"tools\" id=\"tools\">", shown);
        Assert.Contains("<span id=\"shown\" aria-live=\"polite\">4 shown</span>", shown);
        Assert.Contains("A &lt;b&gt;bold&lt;/b&gt; street musician", shown);
        Assert.DoesNotContain("<b>bold</b>", shown);

        var players = Report(idle, "idle-check");
        output.WriteLine("idle check: " + players.GetRawText());
        Assert.Equal(3, players.GetArrayLength());
        Assert.All(players.EnumerateArray(), player => Assert.Equal((0, 1), (player.GetProperty("readyState").GetInt32(), player.GetProperty("networkState").GetInt32())));
        var report = Report(checkedDom, "metadata-check");
        output.WriteLine("metadata check: " + report.GetRawText());
        Assert.All(report.EnumerateArray(), video => Assert.Equal(JsonValueKind.Object, video.ValueKind));
        var loaded = report.EnumerateArray().ToDictionary(video => video.GetProperty("src").GetString()!);
        Assert.Equal(new[] { "%E6%9D%B1%20scene%20%231%2050%25.mp4", "sub%20folder/square.mp4", "tall%20take.mp4" }, loaded.Keys.OrderBy(key => key, StringComparer.Ordinal));
        AssertVideo(loaded["%E6%9D%B1%20scene%20%231%2050%25.mp4"], 5, landscape: true);
        AssertVideo(loaded["tall%20take.mp4"], 4, landscape: false);
        AssertVideo(loaded["sub%20folder/square.mp4"], 6, landscape: null);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the browser test took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>A test-only copy of the page beside it (so its links lead to the same files) with a check script added
    /// before &lt;/body&gt; and allowed by the page's own policy, which otherwise stays as it is: the players load under the
    /// same rules as in the real page.</summary>
    private static Uri CopyWith(string page, string name, string script)
    {
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)));
        var html = File.ReadAllText(page);
        Assert.Contains("script-src &#39;sha256-", html);
        var copy = Path.Combine(Path.GetDirectoryName(page)!, $"index.{name}-check.html");
        File.WriteAllText(copy, html.Replace("script-src &#39;sha256-", $"script-src &#39;sha256-{hash}&#39; &#39;sha256-", StringComparison.Ordinal)
            .Replace("</body>", "<script>" + script + "</script>\n</body>", StringComparison.Ordinal));
        return new Uri(copy);
    }

    /// <summary>The JSON a check script wrote into the element with the given id of a dumped DOM.</summary>
    private static JsonElement Report(string dom, string id)
    {
        var match = Regex.Match(dom, $"<pre id=\"{id}\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(match.Success, $"Chromium's DOM has no {id} element: " + dom);
        return JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value)).RootElement;
    }

    private static void AssertVideo(JsonElement video, double seconds, bool? landscape)
    {
        Assert.False(video.TryGetProperty("error", out _), "the player could not load " + video.GetRawText());
        Assert.InRange(video.GetProperty("duration").GetDouble(), seconds - 0.1, seconds + 0.1);
        var (width, height) = (video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32());
        Assert.True(width > 0 && height > 0, video.GetRawText());
        switch (landscape)
        {
            case true:
                Assert.True(width > height, video.GetRawText());
                break;
            case false:
                Assert.True(width < height, video.GetRawText());
                break;
            default:
                Assert.Equal(width, height);
                break;
        }
    }

    private static int ReadBigEndian(byte[] bytes, int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];

    private static void KeepScreenshot(string screenshot)
    {
        var kept = Path.Combine(ModuleRunspace.RepositoryRoot, "out", "TestResults", "gallery");
        System.IO.Directory.CreateDirectory(kept);
        File.Copy(screenshot, Path.Combine(kept, "gallery-screenshot.png"), overwrite: true);
    }
}
