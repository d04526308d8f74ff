using System;
using System.IO;
using System.Linq;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Engine;

/// <summary>Leftover partial files are removed when their run's video is complete, or when stale in a folder Seedance
/// saves into, and never otherwise: not a fresh one, not one a run still to be saved may resume, not one another
/// process has open, and never a file whose name is not exactly of the temporary form.</summary>
public sealed class LeftoverPartialsTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-leftovers-" + Guid.NewGuid().ToString("N"));

    public LeftoverPartialsTests()
    {
        Directory.CreateDirectory(directory);
    }

    public void Dispose() => Directory.Delete(directory, true);

    private string Write(string name, TimeSpan age)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, new byte[100]);
        File.SetLastWriteTimeUtc(path, (Now - age).UtcDateTime);
        return path;
    }

    [Fact]
    public void Only_partials_of_complete_runs_and_stale_ones_of_no_run_being_saved_are_removed()
    {
        File.WriteAllBytes(Path.Combine(directory, "done.mp4"), new byte[500]);
        new SavedFileIndex(directory).Record(new SavedFile("done.mp4", "run-done", 0, 500, Now));
        var ofCompleteRun = Write(Path.GetFileName(TemporaryFile.For("elsewhere.mp4", "run-done", 0)), TimeSpan.FromMinutes(1));
        var stale = Write(Path.GetFileName(TemporaryFile.For("gone.mp4", "run-gone", 0)), TimeSpan.FromHours(2));
        var fresh = Write(Path.GetFileName(TemporaryFile.For("busy.mp4", "run-busy", 0)), TimeSpan.FromMinutes(5));
        var resumable = Write(Path.GetFileName(TemporaryFile.For("later.mp4", "run-later", 0)), TimeSpan.FromHours(2));
        var staleProbe = Write(".seedance-probe-" + Guid.NewGuid().ToString("N") + ".tmp", TimeSpan.FromHours(2));
        var userFiles = new[]
        {
            Write("notes.partial", TimeSpan.FromDays(3)),
            Write("movie.mp4.1A2B3C4D.partial", TimeSpan.FromDays(3)),
            Write("movie.mp4.1a2b3c4.partial", TimeSpan.FromDays(3)),
            Write("movie.mp4.1a2b3c4d.partial.keep", TimeSpan.FromDays(3)),
            Write(".seedance-probe-mine.tmp", TimeSpan.FromDays(3)),
        };
        var keep = new[] { TemporaryFile.TagFor("run-later", 0) };

        var removed = LeftoverPartials.Remove(directory, keep, TimeSpan.FromHours(1), Now);

        Assert.Equal(new[] { ofCompleteRun, stale, staleProbe }.OrderBy(path => path, StringComparer.Ordinal), removed.OrderBy(path => path, StringComparer.Ordinal));
        Assert.All(new[] { ofCompleteRun, stale, staleProbe }, path => Assert.False(File.Exists(path), path));
        Assert.All(userFiles, path => Assert.True(File.Exists(path), path));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(resumable));
        Assert.True(File.Exists(Path.Combine(directory, "done.mp4")));
    }

    [Fact]
    public void Stale_partials_stay_in_a_folder_seedance_never_saved_into_and_one_in_use_stays_anywhere()
    {
        var stale = Write(Path.GetFileName(TemporaryFile.For("gone.mp4", "run-gone", 0)), TimeSpan.FromHours(2));

        Assert.Empty(LeftoverPartials.Remove(directory, Array.Empty<string>(), TimeSpan.FromHours(1), Now));
        new SavedFileIndex(directory).Record(new SavedFile("other.mp4", "run-other", 0, 1, Now));
        using (new FileStream(stale, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            Assert.Empty(LeftoverPartials.Remove(directory, Array.Empty<string>(), TimeSpan.FromHours(1), Now));
        }

        Assert.True(File.Exists(stale));
        Assert.Equal(new[] { stale }, LeftoverPartials.Remove(directory, Array.Empty<string>(), TimeSpan.FromHours(1), Now));
    }
}
