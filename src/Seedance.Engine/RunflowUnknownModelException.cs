using System.Collections.Generic;

namespace Seedance.Engine;

/// <summary>A model path that is not one of the Seedance 2.0 models, refused before anything is sent or paid for.</summary>
public sealed class RunflowUnknownModelException : RunflowException
{
    public RunflowUnknownModelException(string model, IReadOnlyList<string> knownModels)
        : base($"'{model}' is not a Seedance 2.0 model: use one of {string.Join(", ", knownModels)}.")
    {
        Model = model;
        KnownModels = knownModels;
    }

    /// <summary>The model path as it was given.</summary>
    public string Model { get; }

    public IReadOnlyList<string> KnownModels { get; }
}
