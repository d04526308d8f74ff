using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Seedance.Tests.Cmdlets;

[Collection("Module")]
public sealed class GalleryCmdletTests : ConnectedModule
{
    private const string Rows = """
        $rows = @(
            [pscustomobject]@{ client_ref = 'street musician #1'; prompt = 'A <street> musician & "friends"'; duration = '5' }
            [pscustomobject]@{ client_ref = 'harbor-dawn'; prompt = 'Boats at dawn'; duration = '6' }
            [pscustomobject]@{ client_ref = 'broken-take'; prompt = 'a broken scene [fail]'; duration = '4' }
        )

        """;

    private string Page => Path.Combine(Directory, "index.html");

    [Fact]
    public void Saved_videos_piped_in_give_a_page_with_a_card_for_each_and_one_for_the_failed_run()
    {
        var result = Run(Rows + """
            $rows | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 |
                Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -IncludeMetadata | Export-SeedanceGallery
            """);

        // Save-SeedanceVideo still reports the failed run; the gallery adds no error of its own.
        var refused = Assert.Single(result.Errors);
        Assert.Equal("Seedance.RunNotSucceeded,Seedance.Cmdlets.SaveSeedanceVideoCommand", refused.FullyQualifiedErrorId);
        var page = Assert.IsType<FileInfo>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(Page, page.FullName);
        Assert.NotNull(Assert.Single(result.Output).Properties["PSParentPath"]);

        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "broken-take.json")));
        Assert.Equal("failed", sidecar.RootElement.GetProperty("status").GetString());
        Assert.Equal("PROVIDER_ERROR", sidecar.RootElement.GetProperty("failure_code").GetString());
        Assert.Equal(JsonValueKind.Null, sidecar.RootElement.GetProperty("video_file").ValueKind);
        Assert.Equal("a broken scene [fail]", sidecar.RootElement.GetProperty("prompt").GetString());
        Assert.False(File.Exists(Path.Combine(Directory, "broken-take.mp4")));

        var html = File.ReadAllText(Page);
        Assert.Equal(3, Regex.Matches(html, "<article ").Count);
        Assert.Equal(2, Regex.Matches(html, "<video ").Count);
        Assert.Contains("src=\"street%20musician%20%231.mp4\"", html);
        Assert.Contains("A &lt;street&gt; musician &amp; &quot;friends&quot;", html);
        Assert.Contains("PROVIDER_ERROR: The provider rejected the generation", html);
        Assert.Contains("<dt>Duration</dt><dd>5.0 s · asked 5 s</dd>", html);
        Assert.Contains("<dt>Duration</dt><dd>6.0 s · asked 6 s</dd>", html);
        Assert.Contains("<b>2</b> videos", html);
        Assert.Contains("<b>1</b> without video", html);
        Assert.Empty(System.IO.Directory.GetFiles(Directory, "*.partial"));
    }

    [Fact]
    public void Piping_a_rerun_of_three_rows_refreshes_their_cards_and_keeps_the_other_two()
    {
        var first = Run("""
            $first = 1..5 | ForEach-Object { [pscustomobject]@{ client_ref = "row-$_"; prompt = "scene $_"; duration = '4' } } |
                New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -IncludeMetadata
            $null = Export-SeedanceGallery -Directory $dir
            $first | ForEach-Object { $_.ClientRef + ' ' + $_.RunId }
            """);
        first.AssertNoErrors();
        var oldIds = first.Output.Select(line => line.ToString().Split(' ')).ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.Equal(5, Regex.Matches(File.ReadAllText(Page), "<article ").Count);

        // A new input for three client refs makes new takes; they write no sidecars, so the piped videos alone say what
        // their new runs were.
        var again = Run("""
            2..4 | ForEach-Object { [pscustomobject]@{ client_ref = "row-$_"; prompt = "scene $_, second take"; duration = '4' } } |
                New-SeedanceRun -NewTake | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -Force |
                Export-SeedanceGallery | ForEach-Object FullName
            """);

        again.AssertNoErrors();
        Assert.Equal(Page, Assert.Single(again.Output).ToString());
        var html = File.ReadAllText(Page);
        Assert.Equal(5, Regex.Matches(html, "<article ").Count);
        var shown = Regex.Matches(html, "<dt>Run id</dt><dd>([^<]*)</dd>").Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(5, shown.Count);
        Assert.Equal(new[] { oldIds["row-1"], oldIds["row-5"] }, shown.Intersect(oldIds.Values));
        Assert.Equal(3, shown.Except(oldIds.Values).Count());
        Assert.Contains("scene 3, second take", html);
        Assert.Contains(">scene 5</p>", html);
    }

    [Fact]
    public void WhatIf_writes_neither_the_page_nor_the_failed_runs_sidecar()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var saved = Run(Rows + """
            $rows | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 |
                Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -IncludeMetadata -WhatIf
            Export-SeedanceGallery -Directory $dir -WhatIf
            """);

        Assert.Empty(saved.Output);
        Assert.Equal("Seedance.RunNotSucceeded,Seedance.Cmdlets.SaveSeedanceVideoCommand", Assert.Single(saved.Errors).FullyQualifiedErrorId);
        Assert.Empty(System.IO.Directory.GetFileSystemEntries(Directory));
        var whatIf = Shell.Host.Lines.Where(line => line.StartsWith("What if:", System.StringComparison.Ordinal)).ToList();
        Assert.Contains(whatIf, line => line.Contains("broken-take.json") && line.Contains("which has no video"));
        Assert.Contains(whatIf, line => line.Contains("index.html") && line.Contains("0 cards"));
    }

    [Fact]
    public void A_failed_runs_sidecar_never_takes_the_place_of_a_saved_videos()
    {
        var first = Run("""
            [pscustomobject]@{ client_ref = 'take'; prompt = 'a good scene' } | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 |
                Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -IncludeMetadata | Out-Null
            [pscustomobject]@{ client_ref = 'take'; prompt = 'a good scene [fail]' } | New-SeedanceRun -NewTake | Wait-SeedanceRun -PollInterval 1 |
                Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -IncludeMetadata -Verbose
            """);

        Assert.Contains(first.Verbose, line => line.Contains("was not written beside it"));
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "take.json")));
        Assert.Equal("succeeded", sidecar.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void Bad_destinations_and_videos_outside_the_folder_get_error_records()
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "inside"));
        var missing = Run("Export-SeedanceGallery -Directory ([System.IO.Path]::Combine($dir, 'absent'))");
        var folderAsPath = Run("Export-SeedanceGallery -Directory $dir -Path $dir");
        var outside = Run("""
            'outside' | New-SeedanceRun | Wait-SeedanceRun -PollInterval 1 | Save-SeedanceVideo -Directory $dir |
                Export-SeedanceGallery -Directory ([System.IO.Path]::Combine($dir, 'inside')) | ForEach-Object FullName
            """);

        var notFound = Assert.Single(missing.Errors);
        Assert.Equal(("Seedance.DirectoryNotFound,Seedance.Cmdlets.ExportSeedanceGalleryCommand", ErrorCategory.ObjectNotFound),
            (notFound.FullyQualifiedErrorId, notFound.CategoryInfo.Category));
        Assert.EndsWith("absent", notFound.TargetObject?.ToString());
        var invalid = Assert.Single(folderAsPath.Errors);
        Assert.Equal(("Seedance.InvalidDestination,Seedance.Cmdlets.ExportSeedanceGalleryCommand", ErrorCategory.InvalidArgument),
            (invalid.FullyQualifiedErrorId, invalid.CategoryInfo.Category));
        var error = Assert.Single(outside.Errors);
        Assert.Equal("Seedance.VideoOutsideGallery,Seedance.Cmdlets.ExportSeedanceGalleryCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("Seedance.SeedanceVideo", PSObject.AsPSObject(error.TargetObject).TypeNames[0]);
        Assert.Equal(Path.Combine(Directory, "inside", "index.html"), Assert.Single(outside.Output).ToString());
    }
}
