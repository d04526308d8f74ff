using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Seedance.HelpBuilder;

/// <summary>Turns about_Seedance.md into the plain-text about topic: headings in capitals, text wrapped at 80
/// columns and indented, code blocks kept as they are.</summary>
internal static class AboutTopicWriter
{
    private const int Width = 80;

    public static string Convert(string markdown)
    {
        var output = new StringBuilder();
        var paragraph = new List<string>();
        var inCode = false;

        void Flush()
        {
            if (paragraph.Count > 0)
            {
                var bullet = paragraph[0].StartsWith("- ", System.StringComparison.Ordinal);
                var text = string.Join(" ", paragraph).Replace("`", string.Empty).Replace("**", string.Empty);
                Wrap(output, bullet ? text[2..] : text, bullet ? "    - " : "    ", bullet ? "      " : "    ");
                output.Append('\n');
                paragraph.Clear();
            }
        }

        foreach (var raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("```", System.StringComparison.Ordinal))
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
                output.Append("        ").Append(line).Append('\n');
                continue;
            }

            if (line.StartsWith("#", System.StringComparison.Ordinal))
            {
                Flush();
                var heading = line.TrimStart('#').Trim();
                var level = line.TakeWhile(character => character == '#').Count();
                output.Append(level <= 2 ? heading.ToUpperInvariant() : "  " + heading).Append('\n');
                continue;
            }

            if (line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            if (line.TrimStart().StartsWith("- ", System.StringComparison.Ordinal) && paragraph.Count > 0)
            {
                Flush();
            }

            paragraph.Add(line.Trim());
        }

        Flush();
        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static void Wrap(StringBuilder output, string text, string firstIndent, string indent)
    {
        var line = new StringBuilder(firstIndent);
        foreach (var word in text.Split(' ', System.StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length + word.Length + 1 > Width && line.Length > indent.Length)
            {
                output.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(indent);
            }

            line.Append(word).Append(' ');
        }

        output.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
