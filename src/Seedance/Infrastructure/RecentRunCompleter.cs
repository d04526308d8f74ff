using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Seedance.Infrastructure;

/// <summary>
/// Tab-completes run ids (on -Id and the run inputs of Wait-SeedanceRun and Save-SeedanceVideo) and, on -ClientRef,
/// client refs, from the runs the session has seen in this process: the -Session on the command line when it can be
/// read, else this runspace's. It never calls the API, so completion stays instant and works offline.
/// </summary>
public sealed class RecentRunCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var session = (fakeBoundParameters?["Session"] is { } given ? (given is PSObject wrapped ? wrapped.BaseObject : given) : null) as SeedanceSession
                      ?? SessionRegistry.Existing();
        if (session is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var typed = KnownValuesCompleter.TypedWord(wordToComplete);
        var runs = session.RecentRuns.Snapshot();
        return string.Equals(parameterName, "ClientRef", StringComparison.OrdinalIgnoreCase)
            ? ClientRefs(runs, typed)
            : RunIds(runs, typed);
    }

    private static IEnumerable<CompletionResult> RunIds(IReadOnlyList<RecentRun> runs, string typed) =>
        runs.Where(run => run.Id.StartsWith(typed, StringComparison.OrdinalIgnoreCase)
                          || (run.ClientRef is not null && typed.Length > 0 && run.ClientRef.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
            .Select(run => new CompletionResult(KnownValuesCompleter.Quoted(run.Id), run.Id, CompletionResultType.ParameterValue, run.Describe()));

    private static IEnumerable<CompletionResult> ClientRefs(IReadOnlyList<RecentRun> runs, string typed) =>
        runs.Where(run => run.ClientRef is not null && run.ClientRef.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .GroupBy(run => run.ClientRef!, StringComparer.Ordinal)
            .Select(group => new CompletionResult(KnownValuesCompleter.Quoted(group.Key), group.Key, CompletionResultType.ParameterValue, group.First().Describe()));
}
