namespace Seedance.Engine;

/// <summary>The outcome of <see cref="RunflowClient.CreateRunAsync"/>.</summary>
public sealed class CreateRunResult
{
    public CreateRunResult(Run run, string clientRef, string idempotencyKey, int attempts, CreateRunOutcome outcome)
    {
        Run = run;
        ClientRef = clientRef;
        IdempotencyKey = idempotencyKey;
        Attempts = attempts;
        Outcome = outcome;
    }

    public Run Run { get; }

    public string ClientRef { get; }

    public string IdempotencyKey { get; }

    /// <summary>How many times the create was sent.</summary>
    public int Attempts { get; }

    public CreateRunOutcome Outcome { get; }
}
