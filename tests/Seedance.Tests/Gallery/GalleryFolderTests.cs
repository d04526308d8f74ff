using System;
using System.IO;
using System.Linq;
using Seedance.Engine;
using Seedance.Engine.Gallery;
using Seedance.Tests.Help;
using Xunit;

namespace Seedance.Tests.Gallery;

public sealed class GalleryFolderTests
{
    [Fact]
    public void Every_kind_of_file_gets_the_card_it_deserves()
    {
        using var folder = new TemporaryDirectory();
        GalleryPageTests.SaveRun(folder.Combine("described.mp4"), Run.Parse(GalleryPageTests.RunJson("r1", "succeeded", "1.5", "described prompt", "described")));
        TestMp4.Write(folder.Combine("loose.mp4"), seconds: 7, width: 90, height: 160);
        TestMp4.Write(folder.Combine("scene.v2"));
        GalleryPageTests.SaveFailedRun(folder.Combine("failed.mp4"), Run.Parse(
            """{"id":"r2","status_code":"failed","client_ref":"failed","input":{"prompt":"broken [fail]"},"failure_code":"PROVIDER_ERROR","failure_message":"rejected"}"""));
        GalleryPageTests.SaveRun(folder.Combine("gone.mp4"), Run.Parse(GalleryPageTests.RunJson("r3", "succeeded", "1", "gone", "gone")));
        File.Delete(folder.Combine("gone.mp4"));
        TestMp4.Write(folder.Combine("half.mp4.1a2b3c4d.partial"));
        File.WriteAllText(folder.Combine("settings.json"), "{\"theme\":\"dark\"}");
        File.WriteAllText(folder.Combine("broken.json"), "{not json");
        File.WriteAllText(folder.Combine("readme.txt"), "notes");

        var cards = GalleryFolder.Read(folder.Path).ToDictionary(card => Path.GetFileName(card.Key));

        Assert.Equal(new[] { "described.mp4", "failed.json", "gone.mp4", "loose.mp4", "scene.v2" }, cards.Keys.OrderBy(name => name, StringComparer.Ordinal));
        var described = cards["described.mp4"];
        Assert.Equal(("r1", "described", "described prompt", "succeeded", 1.5m, "42", "720p"),
            (described.RunId, described.ClientRef, described.Prompt, described.Status, described.Cost, described.Seed, described.Resolution));
        Assert.True(described.HasVideo);
        Assert.Equal(folder.Combine("described.json"), described.MetadataPath);
        var loose = cards["loose.mp4"];
        Assert.Null(loose.RunId);
        Assert.Equal((TimeSpan.FromSeconds(7), 90, 160), (loose.Facts!.Duration, loose.Facts.Width, loose.Facts.Height));
        Assert.Equal(new FileInfo(folder.Combine("loose.mp4")).Length, loose.Bytes);
        var failed = cards["failed.json"];
        Assert.False(failed.HasVideo);
        Assert.Null(failed.VideoPath);
        Assert.Equal(("failed", "PROVIDER_ERROR", "rejected", "broken [fail]"), (failed.Status, failed.FailureCode, failed.FailureMessage, failed.Prompt));
        var gone = cards["gone.mp4"];
        Assert.False(gone.HasVideo);
        Assert.Equal(folder.Combine("gone.mp4"), gone.VideoPath);
        Assert.True(cards["scene.v2"].HasVideo);
    }

    [Fact]
    public void A_video_saved_since_under_a_failed_runs_name_replaces_its_card()
    {
        using var folder = new TemporaryDirectory();
        GalleryPageTests.SaveFailedRun(folder.Combine("take.mp4"), Run.Parse(
            """{"id":"old","status_code":"failed","client_ref":"take","input":{"prompt":"p"},"failure_code":"PROVIDER_ERROR"}"""));
        TestMp4.Write(folder.Combine("take.mp4"));

        var card = Assert.Single(GalleryFolder.Read(folder.Path));

        Assert.Equal(folder.Combine("take.mp4"), card.Key);
        Assert.True(card.HasVideo);
        Assert.Null(card.RunId);
    }

    [Fact]
    public void A_sidecar_cannot_point_its_card_outside_its_folder()
    {
        using var folder = new TemporaryDirectory();
        TestMp4.Write(folder.Combine("outside.mp4"));
        Directory.CreateDirectory(folder.Combine("inner"));
        File.WriteAllText(folder.Combine(Path.Combine("inner", "x.json")),
            """{"run_id":"r1","status":"succeeded","video_file":"../outside.mp4"}""");

        var cards = GalleryFolder.Read(folder.Combine("inner"));

        var card = Assert.Single(cards);
        Assert.Null(card.VideoPath);
        Assert.Equal(folder.Combine(Path.Combine("inner", "x.json")), card.Key);
    }

    [Fact]
    public void Refreshed_cards_replace_the_folders_own_and_the_rest_stay()
    {
        using var folder = new TemporaryDirectory();
        for (var index = 0; index < 5; index++)
        {
            GalleryPageTests.SaveRun(folder.Combine($"row-{index}.mp4"), Run.Parse(GalleryPageTests.RunJson("old-" + index, "succeeded", "1", "old", "row-" + index)));
        }

        var fresh = GalleryCard.ForRun(folder.Combine("row-3.mp4"), Run.Parse(GalleryPageTests.RunJson("new-3", "succeeded", "2", "fresh take", "row-3")), "bytedance/seedance/2.0/text-to-video");

        var cards = GalleryFolder.Read(folder.Path, new[] { fresh });

        Assert.Equal(new[] { "old-0", "old-1", "old-2", "new-3", "old-4" }, cards.Select(card => card.RunId));
        Assert.Equal("fresh take", cards[3].Prompt);
        Assert.Equal(TimeSpan.FromSeconds(5), cards[3].Facts!.Duration);
    }

    [Fact]
    public void A_folder_linked_back_up_is_not_entered()
    {
        using var folder = new TemporaryDirectory();
        TestMp4.Write(folder.Combine(Path.Combine("sub", "one.mp4")));
        try
        {
            Directory.CreateSymbolicLink(folder.Combine(Path.Combine("sub", "loop")), folder.Path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Windows without developer mode may refuse links; the walk is then trivially safe.
        }

        var cards = GalleryFolder.Read(folder.Path);

        Assert.Equal(folder.Combine(Path.Combine("sub", "one.mp4")), Assert.Single(cards).Key);
    }
}
