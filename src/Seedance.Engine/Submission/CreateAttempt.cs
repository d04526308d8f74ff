using System;

namespace Seedance.Engine.Submission;

/// <summary>What sending one create (with its retries) proved.</summary>
internal sealed class CreateAttempt
{
    private CreateAttempt(Run? run, CreateAttemptOutcome outcome, Exception? failure)
    {
        Run = run;
        Outcome = outcome;
        Failure = failure;
    }

    public Run? Run { get; }

    public CreateAttemptOutcome Outcome { get; }

    public Exception? Failure { get; }

    public static CreateAttempt Created(Run run) => new(run, CreateAttemptOutcome.Created, null);

    public static CreateAttempt NotCreated(Exception failure) => new(null, CreateAttemptOutcome.NotCreated, failure);

    public static CreateAttempt MaybeSent(Exception failure) => new(null, CreateAttemptOutcome.MaybeSent, failure);
}
