using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>Tab-completes <c>-Model</c> with the known Seedance 2.0 model paths.</summary>
public sealed class ModelCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return SeedanceModels.Known
            .Where(model => model.IndexOf(typed, StringComparison.OrdinalIgnoreCase) >= 0)
            .Select(model => new CompletionResult("'" + model + "'", model, CompletionResultType.ParameterValue, model));
    }
}
