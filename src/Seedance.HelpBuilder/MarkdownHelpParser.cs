using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Seedance.HelpBuilder;

/// <summary>
/// Reads the help markdown: <c># Verb-Noun</c>, then <c>## SYNOPSIS</c>, <c>## DESCRIPTION</c>, <c>## EXAMPLES</c> (each
/// <c>### Example N: title</c> with a fenced code block and remarks), <c>## PARAMETERS</c> (each <c>### -Name</c>),
/// <c>## INPUTS</c> / <c>## OUTPUTS</c> (each <c>### Type</c>), <c>## NOTES</c> and <c>## RELATED LINKS</c>.
/// Paragraphs are separated by blank lines and list items stay separate paragraphs. Anything else is refused rather than
/// dropped, so no prose silently goes missing from Get-Help.
/// </summary>
internal static class MarkdownHelpParser
{
    /// <summary>The sections a page may have; SYNTAX is not among them because syntax comes from the assembly.</summary>
    public static readonly IReadOnlyList<string> KnownSections = new[]
    {
        "SYNOPSIS", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
    };

    private const string DefaultValuePrefix = "Default value:";

    public static HelpDocument Parse(string text, string source)
    {
        var state = new ParseState(new HelpDocument(), source);
        var lineNumber = 0;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            lineNumber++;
            state.Line = lineNumber;
            state.Read(raw);
        }

        state.Finish();
        return state.Document;
    }

    private sealed class ParseState
    {
        private readonly string source;
        private readonly StringBuilder paragraph = new();
        private readonly StringBuilder code = new();
        private string section = string.Empty;
        private List<string>? target;
        private HelpExample? example;
        private HelpParameter? parameter;
        private bool inCode;
        private int codeStartLine;

        public ParseState(HelpDocument document, string source)
        {
            Document = document;
            this.source = source;
        }

        public HelpDocument Document { get; }

        public int Line { get; set; }

        public void Read(string raw)
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                ToggleCode();
                return;
            }

            if (inCode)
            {
                code.Append(raw).Append('\n');
                return;
            }

            if (line.StartsWith("#", StringComparison.Ordinal))
            {
                Heading(line);
                return;
            }

            if (line.Trim().Length == 0)
            {
                Flush();
                return;
            }

            if (section.Length == 0)
            {
                throw Error("text before the first '## ' section");
            }

            if (section == "RELATED LINKS")
            {
                Document.RelatedLinks.Add(MarkdownText.ToLink(line));
                return;
            }

            if (target is null)
            {
                throw Error($"text under '## {section}' belongs in a '### ' subsection");
            }

            var trimmed = line.Trim();
            if (IsListItem(trimmed) && paragraph.Length > 0)
            {
                Flush();
            }

            paragraph.Append(paragraph.Length == 0 ? string.Empty : " ").Append(trimmed);
        }

        public void Finish()
        {
            if (inCode)
            {
                Line = codeStartLine;
                throw Error("the code block opened here is not closed");
            }

            Flush();
        }

        private void ToggleCode()
        {
            if (!inCode)
            {
                Flush();
                if (target is null && example is null)
                {
                    throw Error($"a code block under '## {(section.Length == 0 ? "(no section)" : section)}' has nowhere to go");
                }

                inCode = true;
                codeStartLine = Line;
                return;
            }

            inCode = false;
            var block = code.ToString().TrimEnd('\n');
            code.Clear();
            if (example is not null && example.Code.Length == 0 && example.Remarks.Count == 0)
            {
                example.Code = block;
            }
            else
            {
                // A code block among prose is kept verbatim (PowerShell's backtick is not markdown here), indented.
                target!.Add(string.Join("\n", block.Split('\n').Select(codeLine => "    " + codeLine)));
            }
        }

        private void Heading(string line)
        {
            Flush();
            var level = line.TakeWhile(character => character == '#').Count();
            var title = line.Substring(level).Trim();
            switch (level)
            {
                case 1:
                    if (Document.Name.Length > 0)
                    {
                        throw Error("a second '# ' title");
                    }

                    Document.Name = title;
                    return;
                case 2:
                    StartSection(title.ToUpperInvariant());
                    return;
                case 3:
                    StartSubsection(title);
                    return;
                default:
                    throw Error($"'{line}': only '#', '##' and '###' headings are understood");
            }
        }

        private void StartSection(string name)
        {
            if (!KnownSections.Contains(name))
            {
                throw Error(name == "SYNTAX"
                    ? "'## SYNTAX' is generated from the assembly; remove it from the page"
                    : $"unknown section '## {name}' (known: {string.Join(", ", KnownSections)})");
            }

            if (!Document.Sections.Add(name))
            {
                throw Error($"'## {name}' appears twice");
            }

            section = name;
            example = null;
            parameter = null;
            target = name switch
            {
                "SYNOPSIS" => new List<string>(),
                "DESCRIPTION" => Document.Description,
                "NOTES" => Document.Notes,
                _ => null,
            };
        }

        private void StartSubsection(string title)
        {
            parameter = null;
            example = null;
            switch (section)
            {
                case "EXAMPLES":
                    example = new HelpExample { Title = title };
                    Document.Examples.Add(example);
                    target = example.Remarks;
                    break;
                case "PARAMETERS":
                    var name = title.TrimStart('-').Trim();
                    if (Document.Parameters.ContainsKey(name))
                    {
                        throw Error($"parameter -{name} is described twice");
                    }

                    parameter = new HelpParameter();
                    Document.Parameters[name] = parameter;
                    Document.ParameterOrder.Add(name);
                    target = parameter.Description;
                    break;
                case "INPUTS":
                    var input = new HelpTypeEntry(title);
                    Document.Inputs.Add(input);
                    target = input.Description;
                    break;
                case "OUTPUTS":
                    var output = new HelpTypeEntry(title);
                    Document.Outputs.Add(output);
                    target = output.Description;
                    break;
                default:
                    throw Error($"'### {title}' is not expected under '## {(section.Length == 0 ? "(no section)" : section)}'");
            }
        }

        private void Flush()
        {
            if (paragraph.Length == 0)
            {
                return;
            }

            var text = paragraph.ToString().Trim();
            paragraph.Clear();
            if (section == "SYNOPSIS")
            {
                Document.Synopsis = (Document.Synopsis + " " + MarkdownText.ToPlain(text)).Trim();
                return;
            }

            if (parameter is not null && text.StartsWith(DefaultValuePrefix, StringComparison.OrdinalIgnoreCase))
            {
                parameter.DefaultValue = MarkdownText.ToPlain(text.Substring(DefaultValuePrefix.Length).Trim().TrimEnd('.'));
                return;
            }

            target!.Add(MarkdownText.ToPlain(text));
        }

        private static bool IsListItem(string line) =>
            line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal)
            || (line.Length > 2 && char.IsDigit(line[0]) && line.IndexOf(". ", StringComparison.Ordinal) is > 0 and < 4
                && line.Substring(0, line.IndexOf(". ", StringComparison.Ordinal)).All(char.IsDigit));

        private HelpFormatException Error(string message) => new(source, Line, message + ".");
    }
}
