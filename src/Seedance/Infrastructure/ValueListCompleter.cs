using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>Tab-completes the enumerated Seedance inputs (-AspectRatio, -Duration, -Resolution, -GenerateAudio).</summary>
public sealed class ValueListCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IEnumerable<string> values = parameterName.ToUpperInvariant() switch
        {
            "ASPECTRATIO" => SeedanceModels.AspectRatios,
            "DURATION" => SeedanceModels.Durations,
            "RESOLUTION" => SeedanceModels.Resolutions,
            "GENERATEAUDIO" => new[] { "true", "false" },
            _ => Array.Empty<string>(),
        };
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return values
            .Where(value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(value.Contains(':') ? "'" + value + "'" : value, value, CompletionResultType.ParameterValue, value));
    }
}
