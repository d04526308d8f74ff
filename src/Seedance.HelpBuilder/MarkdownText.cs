using System.Text.RegularExpressions;

namespace Seedance.HelpBuilder;

/// <summary>Inline markdown read as a console shows it: code marks and emphasis dropped, links spelled out.</summary>
internal static class MarkdownText
{
    private static readonly Regex Link = new(@"\[(?<text>[^\]]+)\]\((?<uri>[^)\s]+)\)", RegexOptions.CultureInvariant);
    // Emphasis opens and closes at a word's edge, as in CommonMark: the asterisks of a masked key (rf_live_****) or of a
    // masked password (user:****@host) are text, not two markers around the rest of the paragraph.
    private static readonly Regex Strong = new(@"(?<![\w*])(\*\*|__)(?<text>[^\s*](.*?[^\s*])?)\1(?![\w*])", RegexOptions.CultureInvariant);

    public static string ToPlain(string text)
    {
        var plain = Link.Replace(text, match => match.Groups["text"].Value == match.Groups["uri"].Value
            ? match.Groups["uri"].Value
            : match.Groups["text"].Value + " (" + match.Groups["uri"].Value + ")");
        plain = Strong.Replace(plain, match => match.Groups["text"].Value);
        return plain.Replace("`", string.Empty);
    }

    /// <summary>Reads <c>[text](uri)</c> or a bare name (of a command or about topic) as a link.</summary>
    public static HelpLink ToLink(string item)
    {
        var text = item.Trim().TrimStart('-', '*').Trim();
        var match = Link.Match(text);
        if (match.Success && match.Index == 0 && match.Length == text.Length)
        {
            return new HelpLink(match.Groups["text"].Value, match.Groups["uri"].Value);
        }

        return text.StartsWith("http://", System.StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", System.StringComparison.OrdinalIgnoreCase)
            ? new HelpLink(text, text)
            : new HelpLink(ToPlain(text), string.Empty);
    }
}
