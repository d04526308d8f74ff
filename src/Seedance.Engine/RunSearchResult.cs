using System.Collections.Generic;

namespace Seedance.Engine;

/// <summary>The runs a capped search returned, and whether the cap left matching runs out.</summary>
public sealed class RunSearchResult
{
    public RunSearchResult(IReadOnlyList<Run> runs, bool hasMore)
    {
        Runs = runs;
        HasMore = hasMore;
    }

    public IReadOnlyList<Run> Runs { get; }

    /// <summary>True when more runs match than were returned: the server held at least one run past the cap.</summary>
    public bool HasMore { get; }
}
