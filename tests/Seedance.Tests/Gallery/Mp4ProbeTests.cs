using System;
using System.IO;
using Seedance.Engine.Gallery;
using Xunit;

namespace Seedance.Tests.Gallery;

public sealed class Mp4ProbeTests
{
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public void The_movie_header_gives_the_length_and_the_first_picture_track_the_size(bool version1, bool mdatFirst, bool largeMdat)
    {
        using var stream = new MemoryStream(TestMp4.Build(6.25, 224, 96, version1, mdatFirst, largeMdat));

        var facts = Mp4Probe.Read(stream);

        Assert.NotNull(facts);
        Assert.Equal(TimeSpan.FromSeconds(6.25), facts!.Duration);
        Assert.Equal(224, facts.Width);
        Assert.Equal(96, facts.Height);
    }

    [Fact]
    public void Truncated_or_foreign_files_are_unknown_rather_than_an_exception()
    {
        var whole = TestMp4.Build(5, 160, 90);
        for (var length = 0; length < whole.Length; length += 7)
        {
            using var stream = new MemoryStream(whole, 0, length);
            var facts = Mp4Probe.Read(stream);
            Assert.True(facts is null || facts.Duration is null || facts.Duration == TimeSpan.FromSeconds(5));
        }

        using var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"not\":\"a video\"} and some more text to read"));
        Assert.Null(Mp4Probe.Read(text));
    }

    [Fact]
    public void A_video_is_recognized_by_its_first_box_whatever_its_extension()
    {
        var directory = Path.Combine(Path.GetTempPath(), "seedance-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            TestMp4.Write(Path.Combine(directory, "scene.v2"));
            File.WriteAllText(Path.Combine(directory, "notes.mp4"), "these are notes, not a video");
            File.WriteAllBytes(Path.Combine(directory, "short.bin"), new byte[] { 0, 0 });

            Assert.True(Mp4Probe.LooksLikeVideo(Path.Combine(directory, "scene.v2")));
            Assert.False(Mp4Probe.LooksLikeVideo(Path.Combine(directory, "notes.mp4")));
            Assert.False(Mp4Probe.LooksLikeVideo(Path.Combine(directory, "short.bin")));
            Assert.False(Mp4Probe.LooksLikeVideo(Path.Combine(directory, "absent.mp4")));
            Assert.Null(Mp4Probe.Read(Path.Combine(directory, "absent.mp4")));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
