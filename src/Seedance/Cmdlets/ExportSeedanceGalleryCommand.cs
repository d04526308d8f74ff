using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Seedance.Engine;
using Seedance.Engine.Gallery;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>
/// Export-SeedanceGallery: writes one HTML page (index.html by default) that shows every video of a folder and its
/// subfolders, with what each run's metadata says, and the runs that left no video. Piped videos refresh their own
/// cards; the page always covers the whole folder. The page itself is built by the engine (<see cref="GalleryPage"/>).
/// </summary>
[Cmdlet(VerbsData.Export, "SeedanceGallery", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSeedanceGalleryCommand : SeedanceCmdlet
{
    private readonly List<SeedanceVideo> piped = new();
    private string? directory;
    private string? pagePath;

    /// <summary>Videos from Save-SeedanceVideo: their cards are built from their runs.</summary>
    [Parameter(ValueFromPipeline = true)]
    [Alias("Video")]
    public SeedanceVideo[] InputObject { get; set; } = Array.Empty<SeedanceVideo>();

    /// <summary>The folder the page covers, subfolders included.</summary>
    [Parameter(Position = 0)]
    public string? Directory { get; set; }

    /// <summary>The page's file. Default: index.html in the folder.</summary>
    [Parameter]
    public string? Path { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            directory = string.IsNullOrEmpty(Directory) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Directory);
            pagePath = string.IsNullOrEmpty(Path) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
        {
            ThrowTerminatingError(ErrorRecords.InvalidInput("Seedance.InvalidDestination", exception.Message, (object?)Path ?? Directory));
        }

        if (directory is not null && !System.IO.Directory.Exists(directory))
        {
            ThrowTerminatingError(FolderNotFound(directory, Directory));
        }

        if (pagePath is not null && System.IO.Directory.Exists(pagePath))
        {
            ThrowTerminatingError(ErrorRecords.InvalidInput("Seedance.InvalidDestination",
                $"-Path names the folder {pagePath}; give the page's file name (such as {System.IO.Path.Combine(pagePath, GalleryPage.DefaultFileName)}), or use -Directory.", Path));
        }
    }

    protected override void ProcessRecord()
    {
        piped.AddRange(InputObject.Where(video => video is not null));
    }

    protected override void EndProcessing()
    {
        var folders = FoldersToCover();
        if (pagePath is not null && folders.Count > 1)
        {
            ThrowTerminatingError(ErrorRecords.InvalidInput("Seedance.AmbiguousGallery",
                $"The piped videos were saved to {folders.Count} folders ({string.Join(", ", folders.Select(folder => folder.Root))}) and -Path names one page; give -Directory, or leave -Path out to write one page per folder.", Path));
        }

        foreach (var (root, videos) in folders)
        {
            Export(root, videos, pagePath ?? System.IO.Path.Combine(root, GalleryPage.DefaultFileName));
        }
    }

    /// <summary>-Directory; else the folders the piped videos were saved to; else the folder of -Path; else here.</summary>
    private List<(string Root, List<SeedanceVideo> Videos)> FoldersToCover()
    {
        if (directory is not null)
        {
            return new List<(string, List<SeedanceVideo>)> { (directory, piped) };
        }

        if (piped.Count > 0)
        {
            return piped.GroupBy(video => System.IO.Path.GetFullPath(video.Directory), GalleryFolder.PathComparer)
                .Select(group => (group.Key, group.ToList()))
                .ToList();
        }

        var root = pagePath is not null
            ? System.IO.Path.GetDirectoryName(pagePath) ?? "."
            : SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        return new List<(string, List<SeedanceVideo>)> { (root, piped) };
    }

    private void Export(string root, List<SeedanceVideo> videos, string page)
    {
        if (!System.IO.Directory.Exists(root))
        {
            WriteError(FolderNotFound(root, root));
            return;
        }

        var refreshed = new List<GalleryCard>();
        foreach (var video in videos)
        {
            if (GalleryFolder.Contains(root, video.Path))
            {
                refreshed.Add(GalleryCard.ForRun(video.Path, video.Run.Details, video.Run.Model, video.MetadataPath));
            }
            else
            {
                WriteError(ErrorRecords.InvalidInput("Seedance.VideoOutsideGallery",
                    $"{video.Path} is not inside {root}, the folder the gallery covers; it gets no card (a page links only to files in its folder).", video));
            }
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cards = GalleryFolder.Read(root, refreshed, page);
        var summary = GallerySummary.Of(cards);
        if (!ShouldProcess(page, $"Write a gallery of {root}: {summary.Cards} cards, {summary.Videos} with a video"))
        {
            return;
        }

        try
        {
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(page)!);
            AtomicFile.WriteAllText(page, GalleryPage.Render(root, page, cards, DateTimeOffset.Now));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            WriteFailure(exception, page, "Writing the gallery page");
            return;
        }

        WriteVerbose($"Wrote {page}: {summary.Cards} cards ({summary.Videos} videos, {summary.WithoutVideo} without video) in {clock.ElapsedMilliseconds} ms.");
        // Through the provider, as Get-Item gives it: the FileInfo with the PS* properties its default view shows.
        WriteObject(InvokeProvider.Item.Get(new[] { page }, force: true, literalPath: true), enumerateCollection: true);
    }

    private static ErrorRecord FolderNotFound(string folder, string? given) =>
        new(new DirectoryNotFoundException($"The folder {folder} does not exist, so there is no gallery to write of it."),
            "Seedance.DirectoryNotFound", ErrorCategory.ObjectNotFound, given ?? folder);
}
