using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>
/// One request's create on <c>POST /v1/models/{model}/runs</c>, and the rule that it is never paid twice by accident:
/// what the ledger already knows of the client ref decides first (<see cref="RerunRule"/>); the ledger holds the intent
/// before the create is sent; a create whose answer is lost is resolved by documented means
/// (<see cref="CreateOutcomeResolver"/>) and resent (with the same key) only once its absence is proven, or when the
/// caller asked for it (ResendUnknown).
/// </summary>
internal sealed class SingleCreate
{
    private static readonly TimeSpan FirstLookPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);
    private readonly RunflowClient client;
    private readonly CreateLedger ledger;
    private readonly LedgerScope scope;
    private readonly SubmitOptions options;
    private readonly CreateOutcomeResolver resolver;
    private readonly ExistingRunLookup existing;

    // When this operation last sent a create (monotonic ticks): a lost create's look-up keeps its patience while other
    // rows are still being sent, because one of their runs is what can prove the search caught up past it.
    private long lastSendTicks;

    public SingleCreate(RunflowClient client, CreateLedger ledger, LedgerScope scope, SubmitOptions options, CreateOutcomeResolver resolver,
        ExistingRunLookup existing)
    {
        this.client = client;
        this.ledger = ledger;
        this.scope = scope;
        this.options = options;
        this.resolver = resolver;
        this.existing = existing;
    }

    /// <summary>
    /// Gives <paramref name="create"/> its run: an earlier take's where the ledger (or, with SkipExisting, the server)
    /// has one, else a new paid one. <paramref name="slot"/> is given back when a lost answer is being looked up, so
    /// other requests may go on meanwhile. Throws what kept it from having a run.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(PreparedCreate create, SendSlot? slot, CancellationToken cancellationToken)
    {
        var askedServer = !options.SkipExisting;
        for (var round = 0; round < 8; round++)
        {
            RerunDecision? decision = null;
            var claim = ledger.Claim(scope, create.ClientRef, takes =>
            {
                decision = RerunRule.Decide(takes, create.InputDigest, options.NewTake);
                var firstTake = decision.Action == RerunAction.NewTake && takes.Count == 0;
                return decision.Action == RerunAction.NewTake && (askedServer || !firstTake)
                    ? create.ClaimRequest()
                    : null;
            });

            switch (decision!.Action)
            {
                case RerunAction.NewTake when claim.Claimed is null:
                    askedServer = true;
                    if (await existing.FindAsync(create, cancellationToken).ConfigureAwait(false) is { } found)
                    {
                        return Adopt(create, found, SubmitOutcome.Reused);
                    }

                    continue;
                case RerunAction.NewTake:
                    return await SendAsync(create, claim.Claimed!, slot, cancellationToken).ConfigureAwait(false);
                case RerunAction.Refuse:
                    throw new RunflowRerunRefusedException(create.ClientRef, decision.Reason!, decision.Entry!.InputDigest != create.InputDigest,
                        decision.Entry.RunId, create.InputJson);
                case RerunAction.Follow:
                case RerunAction.Reuse:
                    var run = await GivenRunReader.ReadAsync(client, decision.Entry!.RunId!, cancellationToken).ConfigureAwait(false);
                    if (run.IsTerminal)
                    {
                        ledger.RecordFinished(run);
                    }

                    return create.Result(run, SubmitOutcome.Reused, decision.Entry);
                case RerunAction.WaitForOwner:
                    await WaitForOwnerAsync(decision.Entry!, cancellationToken).ConfigureAwait(false);
                    continue;
                case RerunAction.Resolve:
                    slot?.Release();
                    return await ResolveAsync(create, decision.Entry!, null, slot, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new RunflowCreateOutcomeUnknownException(create.ClientRef, string.Empty, null, "the ledger kept changing under this row");
    }

    /// <summary>Resolves a take whose create (single or batch) may have been sent.</summary>
    public Task<SubmitResult> ResolveLostAsync(PreparedCreate create, LedgerEntry entry, Exception cause, CancellationToken cancellationToken) =>
        ResolveAsync(create, entry, cause, null, cancellationToken);

    private async Task<SubmitResult> SendAsync(PreparedCreate create, LedgerEntry entry, SendSlot? slot, CancellationToken cancellationToken,
        int sends = 1)
    {
        CreateAttempt attempt;
        ledger.MarkInFlight(entry, true);

        // A stop (Ctrl+C) lets a create already on its way get its answer for a few seconds: it is paid for either way,
        // and knowing its run id spares the next run a look-up that may not be able to decide.
        using var sending = new CancellationTokenSource();
        using (cancellationToken.Register(() => sending.CancelAfter(StopGrace)))
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                HaltPoint.Reach(HaltPoint.BeforeSend);
                Interlocked.Exchange(ref lastSendTicks, client.Clock.Monotonic.Ticks);
                attempt = await client.SendCreateOnceAsync(create.Path, create.BodyFor(entry), entry.IdempotencyKey, sending.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ledger.RecordMaybeSent(entry, "interrupted while the create was being sent");
                throw;
            }
            finally
            {
                ledger.MarkInFlight(entry, false);
            }
        }

        if (cancellationToken.IsCancellationRequested && attempt.Outcome != CreateAttemptOutcome.MaybeSent)
        {
            Record(entry, attempt);
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (attempt.Outcome == CreateAttemptOutcome.MaybeSent)
        {
            slot?.Release();
            return await ResolveAsync(create, entry, attempt.Failure, slot, cancellationToken, sends).ConfigureAwait(false);
        }

        HaltPoint.Reach(HaltPoint.BeforeRunIdRecorded);
        Record(entry, attempt);
        return attempt.Run is { } run ? create.Result(run, SubmitOutcome.Created, entry) : throw attempt.Failure!;
    }

    private void Record(LedgerEntry entry, CreateAttempt attempt)
    {
        if (attempt.Run is { } run)
        {
            ledger.RecordCreated(entry, run);
        }
        else
        {
            ledger.RecordNotCreated(entry, attempt.Failure!.Message);
        }
    }

    /// <summary>Looks up what a maybe-sent take made, until found, proven absent (then it is resent, same key) or out of
    /// patience (then it stays maybe-sent for the next run).</summary>
    private async Task<SubmitResult> ResolveAsync(PreparedCreate create, LedgerEntry entry, Exception? cause, SendSlot? slot,
        CancellationToken cancellationToken, int sends = 0)
    {
        var clock = client.Clock;
        var startedAt = clock.Monotonic;
        var pause = FirstLookPause;
        var reason = string.Empty;
        while (true)
        {
            // Only the look-up's own failures are retried here: what the resend that follows a verdict throws (a 402,
            // say) is that create's outcome, not a failed look-up.
            (ResolveVerdict Verdict, Run? Run, string Reason)? looked = null;
            try
            {
                looked = await resolver.ResolveAsync(entry, create.Input, cancellationToken).ConfigureAwait(false);
            }
            catch (RunflowException lookupFailure) when (!(lookupFailure is RunflowApiException { StatusCode: 401 or 403 }))
            {
                reason = "the look-up failed: " + lookupFailure.Message;
            }

            if (looked is { } found)
            {
                reason = found.Reason;
                switch (found.Verdict)
                {
                    case ResolveVerdict.Found:
                        return Adopt(create, found.Run!, SubmitOutcome.Adopted, entry);
                    case ResolveVerdict.Absent or ResolveVerdict.SafeToResend:
                        return await ResendAsync(create, entry, cause, found.Reason, slot, cancellationToken, sends).ConfigureAwait(false);
                    case ResolveVerdict.Ambiguous:
                        ledger.RecordMaybeSent(entry, found.Reason);
                        throw new RunflowCreateOutcomeUnknownException(create.ClientRef, entry.IdempotencyKey, cause, found.Reason);
                }
            }

            var lastSend = TimeSpan.FromTicks(Interlocked.Read(ref lastSendTicks));
            if (clock.Monotonic >= (lastSend > startedAt ? lastSend : startedAt) + options.ResolvePatience)
            {
                ledger.RecordMaybeSent(entry, reason);
                if (options.ResendUnknown)
                {
                    return await ResendAsync(create, entry, cause, reason, slot, cancellationToken, sends).ConfigureAwait(false);
                }

                throw new RunflowCreateOutcomeUnknownException(create.ClientRef, entry.IdempotencyKey, cause, reason);
            }

            await clock.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = GivenRunReader.Doubled(pause);
        }
    }

    /// <summary>Sends a lost take again with its own key, a bounded number of times: a server whose every answer to it is
    /// lost is not hammered, and the take is left maybe-sent for the next run.</summary>
    private async Task<SubmitResult> ResendAsync(PreparedCreate create, LedgerEntry entry, Exception? cause, string why, SendSlot? slot,
        CancellationToken cancellationToken, int sends)
    {
        if (sends >= Math.Max(1, client.Options.Retry.MaxAttempts))
        {
            var reason = $"it was sent {sends} times and every answer was lost ({why})";
            ledger.RecordMaybeSent(entry, reason);
            throw new RunflowCreateOutcomeUnknownException(create.ClientRef, entry.IdempotencyKey, cause, reason);
        }

        await client.Clock.Delay(client.Backoff.Delay(sends + 1, null), cancellationToken).ConfigureAwait(false);
        ledger.RecordSent(entry);
        return await SendAsync(create, entry, slot, cancellationToken, sends + 1).ConfigureAwait(false);
    }

    private SubmitResult Adopt(PreparedCreate create, Run run, SubmitOutcome outcome, LedgerEntry? entry = null)
    {
        if (entry is null)
        {
            // A run the server had and the ledger did not: recorded as a take of its own, so the next re-run knows it.
            entry = ledger.Claim(scope, create.ClientRef, _ => create.ClaimRequest(withEstimate: false)).Claimed!;
        }

        ledger.RecordCreated(entry, run);
        if (run.IsTerminal)
        {
            ledger.RecordFinished(run);
        }

        return create.Result(run, outcome, entry);
    }

    private async Task WaitForOwnerAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var clock = client.Clock;
        var giveUpAt = clock.Monotonic + options.OwnerPatience;
        while (clock.Monotonic < giveUpAt)
        {
            await clock.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            var now = ledger.List(scope).FirstOrDefault(known => known.EntryId == entry.EntryId);
            if (now is null || now.EffectiveState != LedgerEntryState.Claimed)
            {
                return;
            }
        }

        throw new RunflowCreateOutcomeUnknownException(entry.ClientRef, entry.IdempotencyKey, null,
            $"another session (ledger owner {entry.Owner}) has been creating it for over {options.OwnerPatience.TotalMinutes:0} min");
    }
}
