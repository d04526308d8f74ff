using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>Tab-completes run statuses and knows how the API spells each.</summary>
public sealed class StatusCompleter : IArgumentCompleter
{
    internal static readonly string[] Values = { "queued", "dispatching", "running", "succeeded", "failed", "canceled", "partial_succeeded" };

    /// <summary>The spellings to search for: the docs use both "canceled" and "cancelled", so a search asks for both.</summary>
    internal static IEnumerable<string> ApiSpellings(RunStatus status) => status switch
    {
        RunStatus.Queued => new[] { "queued" },
        RunStatus.Dispatching => new[] { "dispatching" },
        RunStatus.Running => new[] { "running" },
        RunStatus.Succeeded => new[] { "succeeded" },
        RunStatus.Failed => new[] { "failed" },
        RunStatus.Canceled => new[] { "canceled", "cancelled" },
        RunStatus.PartialSucceeded => new[] { "partial_succeeded" },
        _ => Array.Empty<string>(),
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return Values
            .Where(value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, value));
    }
}
