using System;
using System.Collections.Generic;

namespace Seedance.HelpBuilder;

/// <summary>
/// <c>Seedance.HelpBuilder --assembly Seedance.dll --references "a.dll;b.dll" --docs docs/help --out out/Seedance/en-US</c>.
/// Exits 1, with one MSBuild-style error line per problem, when the pages and the compiled cmdlets disagree: a cmdlet
/// without a page or an example, a parameter without a description, a described parameter or output type that does
/// not exist, or a page that cannot be read. Exits 2 on a bad command line.
/// </summary>
public static class Program
{
    private const string Usage = "usage: Seedance.HelpBuilder --assembly <cmdlets.dll> --docs <folder> --out <folder> [--references <a.dll;b.dll>]";

    public static int Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < args.Length; index += 2)
        {
            if (!args[index].StartsWith("--", StringComparison.Ordinal) || index + 1 >= args.Length)
            {
                Console.Error.WriteLine($"Seedance.HelpBuilder: error {HelpProblem.Code}: unexpected argument '{args[index]}'. {Usage}");
                return 2;
            }

            options[args[index].Substring(2)] = args[index + 1];
        }

        if (!options.TryGetValue("assembly", out var assembly) || !options.TryGetValue("docs", out var docs) || !options.TryGetValue("out", out var output))
        {
            Console.Error.WriteLine($"Seedance.HelpBuilder: error {HelpProblem.Code}: {Usage}");
            return 2;
        }

        var references = options.TryGetValue("references", out var list)
            ? list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : Array.Empty<string>();
        var problems = HelpGenerator.Build(assembly, references, docs, output);
        foreach (var problem in problems)
        {
            Console.Error.WriteLine(problem);
        }

        if (problems.Count > 0)
        {
            Console.Error.WriteLine($"Seedance.HelpBuilder: error {HelpProblem.Code}: {problems.Count} problem(s) in the help pages of {assembly}; no help was written.");
            return 1;
        }

        Console.WriteLine($"Seedance.HelpBuilder: help for {assembly} written to {output}.");
        return 0;
    }
}
