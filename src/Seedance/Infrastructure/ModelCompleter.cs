using System.Collections.Generic;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>Tab-completes <c>-Model</c> with the known Seedance 2.0 model paths; "fast" or "image" narrows them.</summary>
public sealed class ModelCompleter : KnownValuesCompleter
{
    protected override bool MatchesAnywhere => true;

    protected override IEnumerable<string> ValuesFor(string parameterName) => SeedanceModels.Known;
}
