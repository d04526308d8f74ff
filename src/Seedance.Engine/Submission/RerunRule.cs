using System.Collections.Generic;
using System.Linq;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>
/// What a create does when the ledger already has takes of its client ref: the one place the re-run table lives.
/// <list type="table">
/// <item>intent only, or maybe-sent: resolve it first</item>
/// <item>claimed by a live session: wait for its run</item>
/// <item>run not finished: follow it</item>
/// <item>succeeded: reuse it</item>
/// <item>failed (not billed), or never created: a new take, without asking</item>
/// <item>canceled (not refunded) or a status nobody listed: a new take only when asked</item>
/// <item>input differs from this row's: refused, unless a new take is asked for</item>
/// </list>
/// </summary>
public static class RerunRule
{
    public static RerunDecision Decide(IReadOnlyList<LedgerEntry> takes, string inputDigest, bool newTakeAllowed)
    {
        var last = takes.LastOrDefault();
        if (last is null)
        {
            return new RerunDecision(RerunAction.NewTake, null);
        }

        switch (last.EffectiveState)
        {
            case LedgerEntryState.Claimed:
                return new RerunDecision(RerunAction.WaitForOwner, last);
            case LedgerEntryState.MaybeSent:
                // Whatever this row says, an earlier take may have been paid for: that is settled before anything else.
                return new RerunDecision(RerunAction.Resolve, last);
            case LedgerEntryState.NotCreated:
                return new RerunDecision(RerunAction.NewTake, last);
        }

        var sameInput = last.InputDigest == inputDigest;
        if (last.EffectiveState == LedgerEntryState.Created)
        {
            return sameInput || newTakeAllowed
                ? new RerunDecision(sameInput ? RerunAction.Follow : RerunAction.NewTake, last)
                : InputChanged(last);
        }

        switch (RunStatuses.Parse(last.Status))
        {
            case RunStatus.Failed:
                return new RerunDecision(RerunAction.NewTake, last);
            case RunStatus.Succeeded or RunStatus.PartialSucceeded:
                return sameInput ? new RerunDecision(RerunAction.Reuse, last)
                    : newTakeAllowed ? new RerunDecision(RerunAction.NewTake, last) : InputChanged(last);
            default:
                return newTakeAllowed
                    ? new RerunDecision(RerunAction.NewTake, last)
                    : new RerunDecision(RerunAction.Refuse, last,
                        $"its take {last.Take} (run {last.RunId}) ended '{last.Status}', which is not refunded; ask for a new take to pay again");
        }
    }

    private static RerunDecision InputChanged(LedgerEntry last) => new(RerunAction.Refuse, last,
        $"its take {last.Take} (run {last.RunId}) was made with another input: {last.InputJson}; ask for a new take to pay for this input");
}
