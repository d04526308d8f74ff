using System;
using System.Collections.Generic;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>Tab-completes the enumerated Seedance inputs (-AspectRatio, -Duration, -Resolution, -GenerateAudio).</summary>
public sealed class ValueListCompleter : KnownValuesCompleter
{
    protected override IEnumerable<string> ValuesFor(string parameterName) => parameterName.ToUpperInvariant() switch
    {
        "ASPECTRATIO" => SeedanceModels.AspectRatios,
        "DURATION" => SeedanceModels.Durations,
        "RESOLUTION" => SeedanceModels.Resolutions,
        "GENERATEAUDIO" => new[] { "true", "false" },
        _ => Array.Empty<string>(),
    };
}
