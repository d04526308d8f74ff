namespace Seedance.Engine;

public enum CreateRunOutcome
{
    /// <summary>The API answered the create (possibly replaying an earlier identical one).</summary>
    Created,

    /// <summary>The create's answer was lost; the run it made was found by client_ref and adopted.</summary>
    AdoptedExisting,
}
