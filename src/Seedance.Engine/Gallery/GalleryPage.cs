using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Seedance.Engine.Gallery;

/// <summary>
/// Renders a folder's cards as one self-contained HTML page: inline style, no request to the network, every video a
/// relative, percent-encoded link that loads nothing until it is played (preload="none"), so 500 cards open at once and
/// the folder can be zipped or shared with its page. Everything taken from prompts, metadata or file names is escaped.
/// A small inline script adds a filter box and sorting; without it the page shows the same cards.
/// </summary>
public static class GalleryPage
{
    /// <summary>The page's file name when none is given.</summary>
    public const string DefaultFileName = "index.html";

    /// <param name="directory">The folder the page covers (its name titles the page).</param>
    /// <param name="pagePath">Where the page will be written: links are relative to its folder.</param>
    /// <param name="cards">The cards, in page order.</param>
    /// <param name="writtenAt">The time the page says it was written.</param>
    public static string Render(string directory, string pagePath, IReadOnlyList<GalleryCard> cards, DateTimeOffset writtenAt)
    {
        var pageDirectory = Path.GetDirectoryName(Path.GetFullPath(pagePath)) ?? ".";
        var folderName = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var summary = GallerySummary.Of(cards);
        var html = new StringBuilder(4096 + cards.Count * 1400);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(HtmlText.Escape(GalleryAssets.ContentSecurityPolicy)).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"Seedance Export-SeedanceGallery\">\n")
            .Append("<title>").Append(HtmlText.Escape(folderName)).Append(" · Seedance gallery</title>\n")
            .Append("<style>").Append(GalleryAssets.Style).Append("</style>\n</head>\n<body>\n");
        AppendHeader(html, folderName, summary, writtenAt);
        html.Append("<main id=\"cards\" class=\"cards\">\n");
        for (var index = 0; index < cards.Count; index++)
        {
            AppendCard(html, directory, pageDirectory, cards[index], index);
        }

        html.Append("</main>\n<script>").Append(GalleryAssets.Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendHeader(StringBuilder html, string folderName, GallerySummary summary, DateTimeOffset writtenAt)
    {
        html.Append("<header>\n<h1>Seedance gallery <span class=\"folder\">").Append(HtmlText.Escape(folderName)).Append("</span></h1>\n")
            .Append("<p class=\"totals\">")
            .Append(Total(summary.Cards, summary.Cards == 1 ? "card" : "cards"))
            .Append(Total(summary.Videos, summary.Videos == 1 ? "video" : "videos"))
            .Append(Total(summary.WithoutVideo, "without video"));
        if (summary.WithoutMetadata > 0)
        {
            html.Append(Total(summary.WithoutMetadata, "without metadata"));
        }

        html.Append("<span><b>").Append(Money(summary.TotalCost)).Append("</b> total cost</span>")
            .Append("<span><b>").Append(Length(summary.TotalDuration)).Append("</b> of video</span>")
            .Append("<span><b>").Append(Size(summary.TotalBytes)).Append("</b> on disk</span></p>\n");
        if (summary.Statuses.Count > 0)
        {
            html.Append("<p class=\"statuses\">");
            foreach (var status in summary.Statuses)
            {
                html.Append("<span class=\"status s-").Append(StatusClass(status.Key)).Append("\">").Append(HtmlText.Escape(status.Key))
                    .Append(' ').Append(status.Value.ToString(CultureInfo.InvariantCulture)).Append("</span> ");
            }

            html.Append("</p>\n");
        }

        html.Append("<p class=\"written\">Written ").Append(writtenAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append(" by Export-SeedanceGallery. Costs are what Runflow reported for each run.</p>\n")
            .Append("<div class=\"tools\" id=\"tools\" hidden><input type=\"search\" id=\"filter\" placeholder=\"Filter by prompt, client ref, status, name\" aria-label=\"Filter the cards\">")
            .Append("<label>Sort <select id=\"sort\"><option value=\"name\">by name</option><option value=\"cost\">by cost, highest first</option>")
            .Append("<option value=\"status\">by status</option><option value=\"duration\">by duration, longest first</option></select></label>")
            .Append("<span id=\"shown\" aria-live=\"polite\"></span></div>\n</header>\n");
    }

    private static void AppendCard(StringBuilder html, string directory, string pageDirectory, GalleryCard card, int index)
    {
        var name = GalleryFolder.RelativePath(directory, card.Key);
        var status = card.Status?.Trim().ToLowerInvariant();
        html.Append("<article class=\"card s-").Append(StatusClass(status ?? "unknown")).Append("\" data-order=\"").Append(index.ToString(CultureInfo.InvariantCulture))
            .Append("\" data-status=\"").Append(HtmlText.Escape(status ?? "unknown"))
            .Append("\" data-cost=\"").Append(card.Cost?.ToString(CultureInfo.InvariantCulture) ?? string.Empty)
            .Append("\" data-duration=\"").Append(card.Facts?.Duration?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) ?? string.Empty)
            .Append("\">\n");
        if (card.HasVideo)
        {
            html.Append("<video controls preload=\"none\" src=\"").Append(HtmlText.Escape(RelativeUrl.From(pageDirectory, card.VideoPath!))).Append('"');
            if (card.Facts is { Width: { } width, Height: { } height })
            {
                // The picture's own proportions, so the card keeps its shape before anything is loaded.
                html.Append(" width=\"").Append(width.ToString(CultureInfo.InvariantCulture))
                    .Append("\" height=\"").Append(height.ToString(CultureInfo.InvariantCulture)).Append('"');
            }

            html.Append(" aria-label=\"").Append(HtmlText.Escape(name)).Append("\"></video>\n");
        }
        else
        {
            html.Append("<div class=\"novideo\"><strong>").Append(card.VideoPath is null ? "No video" : "Video file missing").Append("</strong>");
            var reason = card.VideoPath is not null ? Path.GetFileName(card.VideoPath)
                : card.FailureMessage is null ? (card.FailureCode ?? "The run ended " + (card.Status ?? "without a video") + ".")
                : card.FailureCode is null ? card.FailureMessage : card.FailureCode + ": " + card.FailureMessage;
            html.Append("<p>").Append(HtmlText.Escape(reason)).Append("</p></div>\n");
        }

        html.Append("<div class=\"body\">\n<h2>");
        var link = card.HasVideo ? card.VideoPath : card.MetadataPath;
        AppendLink(html, pageDirectory, link, name);
        if (card.HasVideo && card.MetadataPath is not null)
        {
            html.Append("<span class=\"meta\">");
            AppendLink(html, pageDirectory, card.MetadataPath, "metadata");
            html.Append("</span>");
        }

        html.Append("</h2>\n");
        if (card.RunId is null)
        {
            html.Append("<p class=\"prompt none\">No metadata beside this file (save with -IncludeMetadata to keep the prompt and cost).</p>\n");
        }
        else
        {
            html.Append(card.Prompt is null ? "<p class=\"prompt none\">No prompt" : "<p class=\"prompt\">" + HtmlText.Escape(card.Prompt)).Append("</p>\n");
        }

        html.Append("<dl>");
        Fact(html, "Client ref", card.ClientRef);
        Fact(html, "Model", card.Model);
        Fact(html, "Resolution", Join(card.Resolution, card.AspectRatio, card.Facts is { Width: { } w, Height: { } h } ? w + "×" + h : null));
        Fact(html, "Duration", DurationText(card));
        Fact(html, "Seed", card.Seed);
        if (card.Status is not null)
        {
            html.Append("<dt>Status</dt><dd><span class=\"status\">").Append(HtmlText.Escape(card.Status)).Append("</span></dd>");
        }

        Fact(html, "Cost", card.Cost is { } cost ? Money(cost) : null);
        Fact(html, "Size", card.Bytes is { } bytes ? Size(bytes) : null);
        Fact(html, "Run id", card.RunId);
        html.Append("</dl>\n</div>\n</article>\n");
    }

    private static void AppendLink(StringBuilder html, string pageDirectory, string? target, string text)
    {
        if (target is null)
        {
            html.Append(HtmlText.Escape(text));
            return;
        }

        html.Append("<a href=\"").Append(HtmlText.Escape(RelativeUrl.From(pageDirectory, target))).Append("\">").Append(HtmlText.Escape(text)).Append("</a>");
    }

    private static void Fact(StringBuilder html, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            html.Append("<dt>").Append(label).Append("</dt><dd>").Append(HtmlText.Escape(value)).Append("</dd>");
        }
    }

    private static string Total(int count, string label) =>
        "<span><b>" + count.ToString("N0", CultureInfo.InvariantCulture) + "</b> " + label + "</span>";

    private static string? DurationText(GalleryCard card)
    {
        var asked = string.IsNullOrEmpty(card.RequestedDuration) ? null
            : "asked " + card.RequestedDuration + (card.RequestedDuration!.Trim().All(char.IsDigit) ? " s" : string.Empty);
        return card.Facts?.Duration is { } measured ? Join(Length(measured), asked) : asked;
    }

    private static string? Join(params string?[] parts)
    {
        var present = Array.FindAll(parts, part => !string.IsNullOrEmpty(part));
        return present.Length == 0 ? null : string.Join(" · ", present);
    }

    /// <summary>A CSS class name from a status: letters, digits and '_' only, whatever the metadata file says.</summary>
    private static string StatusClass(string status)
    {
        var builder = new StringBuilder(status.Length);
        foreach (var character in status)
        {
            builder.Append(character is >= 'a' and <= 'z' or >= '0' and <= '9' ? character : '_');
        }

        return builder.ToString();
    }

    internal static string Money(decimal amount) => "$" + amount.ToString(amount == Math.Round(amount, 2) ? "N2" : "#,0.00##", CultureInfo.InvariantCulture);

    internal static string Length(TimeSpan length)
    {
        if (length.TotalSeconds < 60)
        {
            return length.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        }

        var whole = TimeSpan.FromSeconds(Math.Round(length.TotalSeconds));
        return whole.TotalHours >= 1
            ? $"{(int)whole.TotalHours} h {whole.Minutes} min"
            : $"{whole.Minutes} min {whole.Seconds} s";
    }

    internal static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1024 ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}
