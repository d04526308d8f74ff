using System;
using System.Collections.Generic;
using System.Linq;

namespace Seedance.HelpBuilder;

/// <summary>Compares a help page with the compiled cmdlet, so the prose cannot drift from the parameters it describes.</summary>
internal static class HelpChecker
{
    public const string None = "None";

    public static IEnumerable<HelpProblem> Check(CmdletMetadata cmdlet, HelpDocument help, string page)
    {
        HelpProblem Problem(string message) => new(page, message);

        if (!string.Equals(help.Name, cmdlet.Name, StringComparison.OrdinalIgnoreCase))
        {
            yield return Problem($"the title is '# {help.Name}', not '# {cmdlet.Name}'.");
        }

        if (string.IsNullOrWhiteSpace(help.Synopsis))
        {
            yield return Problem($"{cmdlet.Name} has no SYNOPSIS.");
        }

        if (help.Description.Count == 0)
        {
            yield return Problem($"{cmdlet.Name} has no DESCRIPTION.");
        }

        if (help.Examples.Count == 0)
        {
            yield return Problem($"{cmdlet.Name} has no example: add '### Example 1: ...' with a code block under '## EXAMPLES'.");
        }

        foreach (var example in help.Examples.Where(example => example.Code.Trim().Length == 0))
        {
            yield return Problem($"example '{example.Title}' has no code block.");
        }

        var parameters = ShouldProcessSwitches.AddTo(cmdlet);
        foreach (var parameter in parameters.Where(parameter => ShouldProcessSwitches.StandardText(parameter.Name) is null))
        {
            if (!help.Parameters.TryGetValue(parameter.Name, out var described) || described.Description.Count == 0)
            {
                yield return Problem($"parameter -{parameter.Name} of {cmdlet.Name} has no description: add '### -{parameter.Name}' with a paragraph under '## PARAMETERS'.");
            }
        }

        var real = new HashSet<string>(parameters.Select(parameter => parameter.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var name in help.Parameters.Keys.Where(name => !real.Contains(name)))
        {
            yield return Problem($"the page describes -{name}, which {cmdlet.Name} does not have.");
        }

        foreach (var problem in CheckOutputs(cmdlet, help))
        {
            yield return Problem(problem);
        }

        var takesPipelineInput = cmdlet.Parameters.Any(parameter => parameter.Sets.Any(set => set.ByValue || set.ByPropertyName));
        var saysNone = help.Inputs.Any(input => IsNone(input.TypeName));
        if (!takesPipelineInput && help.Inputs.Any(input => !IsNone(input.TypeName)))
        {
            yield return Problem($"INPUTS lists types, but no parameter of {cmdlet.Name} takes pipeline input.");
        }

        if (takesPipelineInput && saysNone)
        {
            yield return Problem($"INPUTS says None, but {cmdlet.Name} takes pipeline input.");
        }
    }

    /// <summary>Each OUTPUTS heading must name a type of the cmdlet's [OutputType] (or None when it declares none).</summary>
    private static IEnumerable<string> CheckOutputs(CmdletMetadata cmdlet, HelpDocument help)
    {
        foreach (var output in help.Outputs)
        {
            if (IsNone(output.TypeName))
            {
                if (cmdlet.OutputTypes.Count > 0)
                {
                    yield return $"OUTPUTS says None, but {cmdlet.Name} declares [OutputType] {string.Join(", ", cmdlet.OutputTypes)}.";
                }
            }
            else if (MatchOutputType(cmdlet, output.TypeName) is null)
            {
                yield return $"OUTPUTS names {output.TypeName}, which is not among the [OutputType] of {cmdlet.Name} ({(cmdlet.OutputTypes.Count == 0 ? "none" : string.Join(", ", cmdlet.OutputTypes))}).";
            }
        }
    }

    /// <summary>The declared output type a heading names, by full or short name.</summary>
    public static string? MatchOutputType(CmdletMetadata cmdlet, string heading) =>
        cmdlet.OutputTypes.FirstOrDefault(type => string.Equals(type, heading, StringComparison.OrdinalIgnoreCase)
                                                  || string.Equals(type.Substring(type.LastIndexOf('.') + 1), heading, StringComparison.OrdinalIgnoreCase));

    public static bool IsNone(string typeName) => string.Equals(typeName.Trim(), None, StringComparison.OrdinalIgnoreCase);
}
