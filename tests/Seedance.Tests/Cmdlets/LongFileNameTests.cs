using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>
/// Any client ref the API takes (up to 255 characters) makes a file name that can be saved: names are cut in UTF-8
/// bytes (file systems count 255 of them), at a character boundary, with a hash of the whole name when cut, and with
/// room for the temporary .partial name and the .json sidecar.
/// </summary>
[Collection("Module")]
public sealed class LongFileNameTests : ConnectedModule
{
    private const int TemporarySuffixBytes = 17; // ".1a2b3c4d.partial", the longest name the download writes first

    [Fact]
    public void Long_client_refs_in_any_script_save_as_distinct_files_that_fit()
    {
        var east = new string('東', 100);                                    // 300 bytes
        var ascii = new string('a', 255);                                   // 255 bytes
        var emoji = string.Concat(Enumerable.Repeat("🎬", 127));            // 254 characters, 508 bytes
        var sharedStart = new string('b', 250);
        var refs = new[] { east, ascii, emoji, sharedStart + "-one", sharedStart + "-two", "short-ref" };

        var result = Run("""
            $refs | ForEach-Object { New-SeedanceRun -Prompt 'a long name' -Duration 4 -ClientRef $_ } |
                Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir -FileName '{ClientRef}' -IncludeMetadata
            """, new Dictionary<string, object?> { ["refs"] = refs });

        result.AssertNoErrors();
        var saved = result.Output.ToDictionary(video => video.Property<string>("ClientRef"), video => Path.GetFileName(video.Property<string>("Path")));
        Assert.Equal(refs.Length, saved.Count);
        Assert.Equal(refs.Length, saved.Values.Distinct().Count());
        Assert.Equal("short-ref.mp4", saved["short-ref"]);
        foreach (var name in saved.Values)
        {
            Assert.True(File.Exists(Path.Combine(Directory, name)), name);
            Assert.True(File.Exists(Path.Combine(Directory, Path.ChangeExtension(name, ".json"))), name);
            Assert.True(Encoding.UTF8.GetByteCount(Path.ChangeExtension(name, ".json")) + TemporarySuffixBytes <= 255, name);
            Assert.EndsWith(".mp4", name);
            Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)));
        }

        Assert.StartsWith(new string('東', 70), saved[east]);
        Assert.Matches("^東+-[0-9a-f]{8}\\.mp4$", saved[east]);
        Assert.Matches("^a+-[0-9a-f]{8}\\.mp4$", saved[ascii]);
        Assert.Matches("^(🎬)+-[0-9a-f]{8}\\.mp4$", saved[emoji]);
        Assert.NotEqual(saved[sharedStart + "-one"], saved[sharedStart + "-two"]);
        Assert.Empty(System.IO.Directory.GetFiles(Directory, "*.partial"));
    }
}
