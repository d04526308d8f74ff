using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Seedance.HelpBuilder;

/// <summary>
/// Turns about_Topic.md into the plain-text about topic Get-Help shows: <c>#</c> and <c>##</c> headings in capitals at
/// the margin (TOPIC, SHORT DESCRIPTION, LONG DESCRIPTION required), <c>###</c> headings indented, prose wrapped at 80
/// columns with a 4-space indent, list items with a hanging indent, and code blocks kept verbatim at 8 spaces. Code is
/// never re-wrapped (a broken PowerShell line would change meaning), so a code line too long to fit is an error.
/// </summary>
internal static class AboutTopicWriter
{
    public const int Width = 80;
    private const string TextIndent = "    ";
    private const string CodeIndent = "        ";
    private static readonly string[] RequiredHeadings = { "TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION" };
    private static readonly Regex ListMarker = new(@"^(?<marker>[-*]|\d{1,2}\.)\s+", RegexOptions.CultureInvariant);

    public static string Convert(string markdown, string source, string topicName, ICollection<HelpProblem> problems)
    {
        var output = new StringBuilder();
        var paragraph = new List<string>();
        var headings = new List<string>();
        string? topicLine = null;
        var inCode = false;
        var lineNumber = 0;

        // A list item followed directly by the next item stays in a tight list, without a blank line between.
        void Flush(bool blankLineAfter = true)
        {
            if (paragraph.Count == 0)
            {
                return;
            }

            var text = MarkdownText.ToPlain(string.Join(" ", paragraph));
            paragraph.Clear();
            var list = ListMarker.Match(text);
            if (list.Success)
            {
                var marker = list.Groups["marker"].Value == "*" ? "-" : list.Groups["marker"].Value;
                Wrap(output, text.Substring(list.Length), TextIndent + marker + " ", new string(' ', TextIndent.Length + marker.Length + 1));
            }
            else
            {
                topicLine ??= headings.LastOrDefault() == "TOPIC" ? text : null;
                Wrap(output, text, TextIndent, TextIndent);
            }

            if (blankLineAfter)
            {
                output.Append('\n');
            }
        }

        foreach (var raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                inCode = !inCode;
                if (!inCode)
                {
                    output.Append('\n');
                }

                continue;
            }

            if (inCode)
            {
                if (CodeIndent.Length + line.Length > Width)
                {
                    problems.Add(new HelpProblem(source, lineNumber,
                        $"this code line is {line.Length} characters; at most {Width - CodeIndent.Length} fit in the {Width}-column about topic (break it after a pipe or a comma)."));
                }

                output.Append(line.Length == 0 ? string.Empty : CodeIndent + line).Append('\n');
                continue;
            }

            if (line.StartsWith("#", StringComparison.Ordinal))
            {
                Flush();
                var level = line.TakeWhile(character => character == '#').Count();
                var heading = MarkdownText.ToPlain(line.Substring(level).Trim());
                if (level <= 2)
                {
                    headings.Add(heading.ToUpperInvariant());
                    output.Append(heading.ToUpperInvariant()).Append('\n');
                }
                else
                {
                    output.Append("  ").Append(heading).Append('\n');
                }

                continue;
            }

            if (line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            if (ListMarker.IsMatch(line.TrimStart()) && paragraph.Count > 0)
            {
                Flush(blankLineAfter: !ListMarker.IsMatch(paragraph[0]));
            }

            paragraph.Add(line.Trim());
        }

        Flush();
        if (inCode)
        {
            problems.Add(new HelpProblem(source, "a code block is not closed."));
        }

        foreach (var missing in RequiredHeadings.Where(required => !headings.Contains(required)))
        {
            problems.Add(new HelpProblem(source, $"the about topic has no '# {missing}' heading."));
        }

        if (topicLine is not null && !string.Equals(topicLine.Trim(), topicName, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new HelpProblem(source, $"TOPIC says '{topicLine.Trim()}', but the file is {topicName}."));
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Wraps at word boundaries; a single word longer than the line (a URL) is left whole on its own line.</summary>
    private static void Wrap(StringBuilder output, string text, string firstIndent, string indent)
    {
        var line = new StringBuilder(firstIndent);
        var lineHasWord = false;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lineHasWord && line.Length + 1 + word.Length > Width)
            {
                output.Append(line).Append('\n');
                line.Clear().Append(indent);
                lineHasWord = false;
            }

            line.Append(lineHasWord ? " " : string.Empty).Append(word);
            lineHasWord = true;
        }

        output.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
