using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Seedance.Tests.Cmdlets;

/// <summary>Everything one script wrote, stream by stream.</summary>
public sealed class ScriptResult
{
    public ScriptResult(IReadOnlyList<PSObject> output, PSDataStreams streams, string? terminatingError)
    {
        Output = output;
        Errors = streams.Error.ToList();
        Warnings = streams.Warning.Select(record => record.Message).ToList();
        Verbose = streams.Verbose.Select(record => record.Message).ToList();
        Debug = streams.Debug.Select(record => record.Message).ToList();
        Information = streams.Information.Select(record => record.MessageData?.ToString() ?? string.Empty).ToList();
        TerminatingError = terminatingError;
    }

    public IReadOnlyList<PSObject> Output { get; }

    public IReadOnlyList<ErrorRecord> Errors { get; }

    public IReadOnlyList<string> Warnings { get; }

    public IReadOnlyList<string> Verbose { get; }

    public IReadOnlyList<string> Debug { get; }

    public IReadOnlyList<string> Information { get; }

    /// <summary>The message of the exception that ended the script, when one did.</summary>
    public string? TerminatingError { get; }

    public IEnumerable<T> Objects<T>() => Output.Select(item => item.BaseObject).OfType<T>();

    /// <summary>Fails the test with every error's id and message when the script wrote any error.</summary>
    public void AssertNoErrors()
    {
        if (Errors.Count > 0 || TerminatingError is not null)
        {
            throw new Xunit.Sdk.XunitException("The script wrote errors:\n" + string.Join("\n",
                Errors.Select(error => error.FullyQualifiedErrorId + ": " + (error.ErrorDetails?.Message ?? error.Exception.Message)).Append(TerminatingError ?? string.Empty)));
        }
    }

    /// <summary>All text any stream carried, for secret scans.</summary>
    public string AllText() => string.Join("\n",
        Output.Select(item => item?.ToString() ?? string.Empty)
            .Concat(Errors.Select(error => error.ToString() + " " + error.ErrorDetails?.Message + " " + error.ErrorDetails?.RecommendedAction + " " + error.Exception))
            .Concat(Warnings).Concat(Verbose).Concat(Debug).Concat(Information)
            .Append(TerminatingError ?? string.Empty));
}
