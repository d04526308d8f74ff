using System;
using System.Management.Automation;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// A run named by a pipeline input of Wait-SeedanceRun or Save-SeedanceVideo: a run object emitted by another
/// Seedance cmdlet, an id string, or any object with an Id / RunId / run_id property (a CSV row, for example).
/// </summary>
internal sealed class RunReference
{
    private static readonly string[] IdProperties = { "Id", "RunId", "run_id" };

    private RunReference(string id, SeedanceRun? known, object? inputObject)
    {
        Id = id;
        Known = known;
        InputObject = inputObject;
    }

    public string Id { get; }

    /// <summary>The run as last seen, when the input carried one.</summary>
    public SeedanceRun? Known { get; }

    public object? InputObject { get; }

    public static RunReference From(object? input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        switch (value)
        {
            case SeedanceRun run:
                return new RunReference(run.Id, run, run.InputObject);
            case Run engineRun:
                return new RunReference(engineRun.Id, new SeedanceRun(engineRun, null), null);
            case string text when !string.IsNullOrWhiteSpace(text):
                return new RunReference(text.Trim(), null, null);
        }

        // Objects arrive bare when they carry no PowerShell-added members (a batch callback's items, for one).
        if ((input as PSObject ?? (input is null ? null : PSObject.AsPSObject(input))) is { } withProperties)
        {
            foreach (var name in IdProperties)
            {
                var property = withProperties.Properties[name];
                if (property?.Value is { } id && !string.IsNullOrWhiteSpace(Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    return new RunReference(Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)!.Trim(), null, withProperties);
                }
            }
        }

        throw new InvalidInputException("Seedance.NotARun",
            "The input is not a Seedance run: pipe runs from New-SeedanceRun/Get-SeedanceRun, run ids, or objects with an Id, RunId or run_id property.",
            input);
    }

    /// <summary>The run carrying this reference's context (model, pipeline index, original row), updated to
    /// <paramref name="latest"/> as read through <paramref name="session"/>.</summary>
    public SeedanceRun Wrap(Run latest, SeedanceSession session) =>
        Known is not null ? Known.With(latest, session) : new SeedanceRun(latest, session, inputObject: InputObject);
}
