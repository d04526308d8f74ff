using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Seedance.HelpBuilder;

/// <summary>
/// Reads the help markdown: <c># Name</c>, then <c>## SYNOPSIS</c>, <c>## DESCRIPTION</c>, <c>## EXAMPLES</c> (with
/// <c>### Example N: title</c>, a fenced code block and remarks), <c>## PARAMETERS</c> (with <c>### -Name</c>),
/// <c>## INPUTS</c> / <c>## OUTPUTS</c> (with <c>### Type</c>), <c>## NOTES</c> and <c>## RELATED LINKS</c>.
/// Paragraphs are separated by blank lines; list items stay separate paragraphs.
/// </summary>
internal static class MarkdownHelpParser
{
    public static HelpDocument Parse(string text, string source)
    {
        var document = new HelpDocument();
        var section = string.Empty;
        string? subsection = null;
        var paragraph = new StringBuilder();
        HelpExample? example = null;
        List<string>? target = null;
        var inCode = false;
        var code = new StringBuilder();

        void Flush()
        {
            if (paragraph.Length > 0 && target is not null)
            {
                target.Add(paragraph.ToString().Trim());
            }

            paragraph.Clear();
        }

        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (inCode)
                {
                    inCode = false;
                    if (example is not null && example.Code.Length == 0)
                    {
                        example.Code = code.ToString().TrimEnd('\n');
                    }
                    else
                    {
                        target?.Add(code.ToString().TrimEnd('\n'));
                    }

                    code.Clear();
                }
                else
                {
                    Flush();
                    inCode = true;
                }

                continue;
            }

            if (inCode)
            {
                code.Append(raw).Append('\n');
                continue;
            }

            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Flush();
                document.Name = line[2..].Trim();
                target = null;
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                section = line[3..].Trim().ToUpperInvariant();
                subsection = null;
                example = null;
                target = section switch
                {
                    "DESCRIPTION" => document.Description,
                    "NOTES" => document.Notes,
                    "RELATED LINKS" => document.RelatedLinks,
                    _ => null,
                };
                continue;
            }

            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                Flush();
                subsection = line[4..].Trim();
                switch (section)
                {
                    case "EXAMPLES":
                        example = new HelpExample { Title = subsection };
                        document.Examples.Add(example);
                        target = example.Remarks;
                        break;
                    case "PARAMETERS":
                        var name = subsection.TrimStart('-');
                        target = new List<string>();
                        document.Parameters[name] = target;
                        break;
                    case "INPUTS":
                        target = new List<string>();
                        document.Inputs.Add((subsection, target));
                        break;
                    case "OUTPUTS":
                        target = new List<string>();
                        document.Outputs.Add((subsection, target));
                        break;
                    default:
                        throw new InvalidDataException($"{source}: '### {subsection}' is not expected under '## {section}'.");
                }

                continue;
            }

            if (section == "SYNOPSIS")
            {
                document.Synopsis = (document.Synopsis + " " + line.Trim()).Trim();
                continue;
            }

            if (line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            if ((line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal)) && paragraph.Length > 0)
            {
                Flush();
            }

            paragraph.Append(paragraph.Length == 0 ? string.Empty : " ").Append(line.Trim());
        }

        Flush();
        if (inCode)
        {
            throw new InvalidDataException($"{source}: a code block is not closed.");
        }

        return document;
    }
}
