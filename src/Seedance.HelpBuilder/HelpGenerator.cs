using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Seedance.HelpBuilder;

/// <summary>
/// Builds the help of one module: reads its cmdlets, reads and checks one page per cmdlet, and only when every page agrees
/// with the assembly writes <c>&lt;assembly&gt;-Help.xml</c> and the <c>about_*.help.txt</c> topics. Nothing is written
/// when there is any problem, so a failed build never leaves half-updated help behind.
/// </summary>
internal static class HelpGenerator
{
    public static IReadOnlyList<HelpProblem> Build(string assemblyPath, IEnumerable<string> references, string docsDirectory, string outputDirectory)
    {
        var problems = new List<HelpProblem>();
        if (!File.Exists(assemblyPath))
        {
            problems.Add(new HelpProblem(assemblyPath, "the cmdlet assembly does not exist."));
            return problems;
        }

        if (!Directory.Exists(docsDirectory))
        {
            problems.Add(new HelpProblem(docsDirectory, "the help folder does not exist."));
            return problems;
        }

        var cmdlets = CmdletReader.Read(assemblyPath, AutomationReference.Complete(references, assemblyPath));
        if (cmdlets.Count == 0)
        {
            problems.Add(new HelpProblem(assemblyPath, "the assembly has no public cmdlet classes, so there is no help to build."));
            return problems;
        }

        var pages = new List<(CmdletMetadata, HelpDocument)>();
        foreach (var cmdlet in cmdlets)
        {
            var page = Path.Combine(docsDirectory, cmdlet.Name + ".md");
            if (!File.Exists(page))
            {
                problems.Add(new HelpProblem(page, $"{cmdlet.Name} has no help page: write {cmdlet.Name}.md."));
                continue;
            }

            try
            {
                var help = MarkdownHelpParser.Parse(File.ReadAllText(page), page);
                problems.AddRange(HelpChecker.Check(cmdlet, help, page));
                pages.Add((cmdlet, help));
            }
            catch (HelpFormatException exception)
            {
                problems.Add(exception.ToProblem());
            }
        }

        var names = new HashSet<string>(cmdlets.Select(cmdlet => cmdlet.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var orphan in Directory.GetFiles(docsDirectory, "*-*.md").Where(file => !names.Contains(Path.GetFileNameWithoutExtension(file))))
        {
            problems.Add(new HelpProblem(orphan, "this page describes no cmdlet of the assembly: rename or remove it."));
        }

        var topics = new List<(string Name, string Text)>();
        foreach (var about in Directory.GetFiles(docsDirectory, "about_*.md").OrderBy(file => file, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(about);
            topics.Add((name, AboutTopicWriter.Convert(File.ReadAllText(about), about, name, problems)));
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        Directory.CreateDirectory(outputDirectory);
        MamlWriter.Write(Path.Combine(outputDirectory, Path.GetFileName(assemblyPath) + "-Help.xml"), pages);
        foreach (var (name, text) in topics)
        {
            // The BOM lets Windows PowerShell 5.1 read the topic as UTF-8 rather than the ANSI code page.
            File.WriteAllText(Path.Combine(outputDirectory, name + ".help.txt"), text, new UTF8Encoding(true));
        }

        return problems;
    }
}
