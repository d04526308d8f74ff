using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>One row's run, and how it came about.</summary>
public sealed class SubmitResult
{
    public SubmitResult(Run run, SubmitOutcome outcome, LedgerEntry? entry)
    {
        Run = run;
        Outcome = outcome;
        Entry = entry;
    }

    public Run Run { get; }

    public SubmitOutcome Outcome { get; }

    /// <summary>The ledger's take this run belongs to.</summary>
    public LedgerEntry? Entry { get; }
}
