using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Seedance.HelpBuilder;

/// <summary>
/// seedance-helpbuilder --assembly Seedance.dll --references "a.dll;b.dll" --docs docs/help --out out/Seedance/en-US
/// Fails (exit 1) when the prose and the compiled cmdlets disagree: a cmdlet without a page or an example, a parameter
/// without a description, or a described parameter that does not exist.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index + 1 < args.Length; index += 2)
        {
            options[args[index].TrimStart('-')] = args[index + 1];
        }

        if (!options.TryGetValue("assembly", out var assembly) || !options.TryGetValue("docs", out var docs) || !options.TryGetValue("out", out var output))
        {
            Console.Error.WriteLine("usage: Seedance.HelpBuilder --assembly <cmdlets.dll> --docs <folder> --out <folder> [--references <a.dll;b.dll>]");
            return 2;
        }

        var references = options.TryGetValue("references", out var list) ? list.Split(';', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
        var problems = Build(assembly, references, docs, output);
        foreach (var problem in problems)
        {
            Console.Error.WriteLine("error HELP001: " + problem);
        }

        return problems.Count == 0 ? 0 : 1;
    }

    internal static List<string> Build(string assembly, IEnumerable<string> references, string docs, string output)
    {
        var cmdlets = CmdletReader.Read(assembly, references);
        var problems = new List<string>();
        var pages = new List<(CmdletMetadata, HelpDocument)>();
        foreach (var cmdlet in cmdlets)
        {
            var page = Path.Combine(docs, cmdlet.Name + ".md");
            if (!File.Exists(page))
            {
                problems.Add($"{cmdlet.Name} has no help page ({page}).");
                continue;
            }

            var help = MarkdownHelpParser.Parse(File.ReadAllText(page), page);
            problems.AddRange(Check(cmdlet, help, page));
            pages.Add((cmdlet, help));
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        Directory.CreateDirectory(output);
        var assemblyName = Path.GetFileName(assembly);
        MamlWriter.Write(Path.Combine(output, assemblyName + "-Help.xml"), pages);
        foreach (var about in Directory.GetFiles(docs, "about_*.md"))
        {
            File.WriteAllText(Path.Combine(output, Path.GetFileNameWithoutExtension(about) + ".help.txt"), AboutTopicWriter.Convert(File.ReadAllText(about)));
        }

        return problems;
    }

    internal static IEnumerable<string> Check(CmdletMetadata cmdlet, HelpDocument help, string page)
    {
        if (!string.Equals(help.Name, cmdlet.Name, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{page}: the title is '{help.Name}', not '{cmdlet.Name}'.";
        }

        if (string.IsNullOrWhiteSpace(help.Synopsis))
        {
            yield return $"{page}: the SYNOPSIS is empty.";
        }

        if (help.Examples.Count == 0 || help.Examples.Any(example => example.Code.Length == 0))
        {
            yield return $"{page}: every cmdlet needs examples, each with a code block.";
        }

        foreach (var parameter in cmdlet.Parameters.Where(parameter => !help.Parameters.TryGetValue(parameter.Name, out var text) || text.Count == 0))
        {
            yield return $"{page}: parameter -{parameter.Name} has no description.";
        }

        var real = new HashSet<string>(MamlWriter.AllParameters(cmdlet).Select(parameter => parameter.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var described in help.Parameters.Keys.Where(name => !real.Contains(name)))
        {
            yield return $"{page}: describes -{described}, which {cmdlet.Name} does not have.";
        }
    }
}
