using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Seedance.Infrastructure;

/// <summary>
/// Tab-completes a parameter from the values the module knows for it: those that start with what was typed (or, where
/// <see cref="MatchesAnywhere"/>, contain it), each completed as text PowerShell reads back as that same string.
/// </summary>
public abstract class KnownValuesCompleter : IArgumentCompleter
{
    /// <summary>Whether a value matches when what was typed stands anywhere in it, not only at its start.</summary>
    protected virtual bool MatchesAnywhere => false;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = TypedWord(wordToComplete);
        return ValuesFor(parameterName)
            .Where(value => MatchesAnywhere ? value.IndexOf(typed, StringComparison.OrdinalIgnoreCase) >= 0 : value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(Quoted(value), value, CompletionResultType.ParameterValue, value));
    }

    /// <summary>What was typed so far, without the quote it may have been opened with.</summary>
    internal static string TypedWord(string? wordToComplete) => (wordToComplete ?? string.Empty).Trim('\'', '"');

    /// <summary>Bare when PowerShell reads it back as the same string (a word starting with a letter, or a UUID such as
    /// Runflow's run ids), else single-quoted: a bare 16:9 or a model path is not one word to it, a bare 1e3 or 5kb
    /// would arrive as a number.</summary>
    internal static string Quoted(string value)
    {
        var plainWord = value.Length > 0 && char.IsLetter(value[0]) && value.All(character => character < 128
            && (char.IsLetterOrDigit(character) || character is '-' or '_' or '.'));
        return plainWord || Guid.TryParseExact(value, "D", out _)
            ? value
            : "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'";
    }

    protected abstract IEnumerable<string> ValuesFor(string parameterName);
}
