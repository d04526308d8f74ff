using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>
/// The one create path: every paid create goes through here, and here alone lives the rule that a run is never paid
/// twice by accident. Before a create is sent the ledger holds its intent, under a key derived from the account, model,
/// normalised input, client ref and take; what the ledger already knows of the client ref decides first
/// (<see cref="RerunRule"/>); a create whose answer is lost is resolved by documented means
/// (<see cref="CreateOutcomeResolver"/>) and resent (with the same key) only once its absence is proven. One instance
/// serves one pipeline: a client ref is taken once per operation.
/// </summary>
public sealed class SubmitOperation
{
    private static readonly TimeSpan FirstLookPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestLookPause = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);
    private readonly RunflowClient client;
    private readonly CreateLedger ledger;
    private readonly LedgerScope scope;
    private readonly SubmitOptions options;
    private readonly CreateOutcomeResolver resolver;
    private readonly HashSet<string> reserved = new(StringComparer.Ordinal);
    private readonly BatchSubmission batches;
    private int lookupWarningGiven;

    // When this operation last sent a create (monotonic ticks): a lost create's look-up keeps its patience while other
    // rows are still being sent, because one of their runs is what can prove the search caught up past it.
    private long lastSendTicks;

    public SubmitOperation(RunflowClient client, CreateLedger ledger, SubmitOptions? options = null)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        this.options = (options ?? new SubmitOptions()).Clone();
        scope = LedgerScope.For(client.Options);
        resolver = new CreateOutcomeResolver(client, ledger, scope, this.options);
        batches = new BatchSubmission(client, ledger, resolver, this);
    }

    internal SubmitOptions Options => options;

    /// <summary>Set once a batch create was refused by the route: later inputs go one by one straight away.</summary>
    public bool BatchesRefused { get; private set; }

    /// <summary>Raised once when the server's search refused a client_ref filter, so -SkipExisting can ask only the
    /// ledger (and look-ups fall back to the created_at filter).</summary>
    public event EventHandler<string>? Notice;

    /// <summary>Raised with what a -Verbose reader wants to know (batches refused, lost creates adopted).</summary>
    public event EventHandler<string>? Progress;

    /// <summary>Takes <paramref name="clientRef"/> for this operation, in pipeline order: a second row with the same ref
    /// is refused here, before anything is paid.</summary>
    public void Reserve(string clientRef)
    {
        lock (reserved)
        {
            if (!reserved.Add(clientRef))
            {
                throw new RunflowDuplicateClientRefException(clientRef);
            }
        }
    }

    /// <summary>
    /// Gives <paramref name="request"/> its run: an earlier take's where the ledger (or, with SkipExisting, the server)
    /// has one, else a new paid one. <paramref name="onResolving"/> is called when a lost answer is being looked up, so a
    /// caller can let other rows go on meanwhile.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(CreateRunRequest request, Action? onResolving, CancellationToken cancellationToken)
    {
        var create = PreparedCreate.From(request, client.Options.ApiKey);
        lock (reserved)
        {
            reserved.Add(create.ClientRef);
        }

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
                    if (await FindOnServerAsync(create, cancellationToken).ConfigureAwait(false) is { } existing)
                    {
                        return Adopt(create, existing, SubmitOutcome.Reused);
                    }

                    continue;
                case RerunAction.NewTake:
                    return await SendAsync(create, claim.Claimed!, onResolving, cancellationToken).ConfigureAwait(false);
                case RerunAction.Refuse:
                    throw new RunflowRerunRefusedException(create.ClientRef, decision.Reason!, decision.Entry!.InputDigest != create.InputDigest,
                        decision.Entry.RunId, create.InputJson);
                case RerunAction.Follow:
                case RerunAction.Reuse:
                    var run = await ReadGivenRunAsync(decision.Entry!.RunId!, cancellationToken).ConfigureAwait(false);
                    if (run.IsTerminal)
                    {
                        ledger.RecordFinished(run);
                    }

                    return new SubmitResult(run, SubmitOutcome.Reused, decision.Entry);
                case RerunAction.WaitForOwner:
                    await WaitForOwnerAsync(decision.Entry!, cancellationToken).ConfigureAwait(false);
                    continue;
                case RerunAction.Resolve:
                    onResolving?.Invoke();
                    return await ResolveAsync(create, decision.Entry!, null, onResolving, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new RunflowCreateOutcomeUnknownException(create.ClientRef, string.Empty, null, "the ledger kept changing under this row");
    }

    /// <summary>
    /// Submits up to 100 inputs of one model, callback and metadata with one batch create. Inputs whose client ref the
    /// ledger (or, with SkipExisting, the server) already has take the single path; the others are claimed and sent
    /// together. Only a batch create the route refused sends its inputs one by one. One task per request, in order.
    /// </summary>
    public IReadOnlyList<Task<SubmitResult>> SubmitBatch(IReadOnlyList<CreateRunRequest> requests, Action? onResolving, CancellationToken cancellationToken)
    {
        if (requests is null || requests.Count == 0 || requests.Count > BatchRule.MaxItems)
        {
            throw new RunflowValidationException("input", requests?.Count, $"A batch takes 1 to {BatchRule.MaxItems} inputs.");
        }

        var results = new Task<SubmitResult>[requests.Count];
        var claimed = new List<(int Index, PreparedCreate Create, LedgerEntry Entry)>();
        for (var index = 0; index < requests.Count; index++)
        {
            var request = requests[index];
            if (BatchesRefused || options.SkipExisting)
            {
                // With SkipExisting each input asks the server first, which the single path does.
                results[index] = SubmitAsync(request, onResolving, cancellationToken);
                continue;
            }

            var create = PreparedCreate.From(request, client.Options.ApiKey);
            lock (reserved)
            {
                reserved.Add(create.ClientRef);
            }

            var claim = ledger.Claim(scope, create.ClientRef, takes => RerunRule.Decide(takes, create.InputDigest, options.NewTake).Action == RerunAction.NewTake
                ? create.ClaimRequest()
                : null);
            if (claim.Claimed is null)
            {
                results[index] = SubmitAsync(request, onResolving, cancellationToken);
            }
            else
            {
                claimed.Add((index, create, claim.Claimed));
            }
        }

        if (claimed.Count > 0)
        {
            var sent = batches.SendAsync(claimed.Select(item => (item.Create, item.Entry)).ToList(), requests[claimed[0].Index], cancellationToken);
            for (var position = 0; position < claimed.Count; position++)
            {
                var (index, _, _) = claimed[position];
                var itemPosition = position;
                results[index] = OutcomeOfAsync(sent, itemPosition, requests[index], onResolving, cancellationToken);
            }
        }

        return results;
    }

    private async Task<SubmitResult> OutcomeOfAsync(Task<IReadOnlyList<(SubmitResult? Result, Exception? Failure)>?> sent, int position,
        CreateRunRequest request, Action? onResolving, CancellationToken cancellationToken)
    {
        var outcomes = await sent.ConfigureAwait(false);
        if (outcomes is null)
        {
            if (!BatchesRefused)
            {
                BatchesRefused = true;
                Progress?.Invoke(this, "The batches endpoint refused these inputs; they are submitted one by one.");
            }

            return await SubmitAsync(request, onResolving, cancellationToken).ConfigureAwait(false);
        }

        var (result, failure) = outcomes[position];
        return result ?? throw failure!;
    }

    /// <summary>Resolves a take whose create (single or batch) may have been sent.</summary>
    internal Task<SubmitResult> ResolveLostAsync(PreparedCreate create, LedgerEntry entry, Exception cause, CancellationToken cancellationToken) =>
        ResolveAsync(create, entry, cause, null, cancellationToken);

    private async Task<SubmitResult> SendAsync(PreparedCreate create, LedgerEntry entry, Action? onResolving, CancellationToken cancellationToken,
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
            onResolving?.Invoke();
            return await ResolveAsync(create, entry, attempt.Failure, onResolving, cancellationToken, sends).ConfigureAwait(false);
        }

        HaltPoint.Reach(HaltPoint.BeforeRunIdRecorded);
        Record(entry, attempt);
        return attempt.Run is { } run ? new SubmitResult(run, SubmitOutcome.Created, entry) : throw attempt.Failure!;
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
    private async Task<SubmitResult> ResolveAsync(PreparedCreate create, LedgerEntry entry, Exception? cause, Action? onResolving,
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
                        return await ResendAsync(create, entry, cause, found.Reason, onResolving, cancellationToken, sends).ConfigureAwait(false);
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
                    return await ResendAsync(create, entry, cause, reason, onResolving, cancellationToken, sends).ConfigureAwait(false);
                }

                throw new RunflowCreateOutcomeUnknownException(create.ClientRef, entry.IdempotencyKey, cause, reason);
            }

            await clock.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = Doubled(pause);
        }
    }

    /// <summary>The next pause of a look-up that is tried again: twice the last, at most <see cref="LongestLookPause"/>.</summary>
    internal static TimeSpan Doubled(TimeSpan pause) => pause + pause > LongestLookPause ? LongestLookPause : pause + pause;

    /// <summary>Sends a lost take again with its own key, a bounded number of times: a server whose every answer to it is
    /// lost is not hammered, and the take is left maybe-sent for the next run.</summary>
    private async Task<SubmitResult> ResendAsync(PreparedCreate create, LedgerEntry entry, Exception? cause, string why, Action? onResolving,
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
        return await SendAsync(create, entry, onResolving, cancellationToken, sends + 1).ConfigureAwait(false);
    }

    /// <summary>With SkipExisting: a run another machine made for this ref and input (the server's search is asked).</summary>
    private async Task<Run?> FindOnServerAsync(PreparedCreate create, CancellationToken cancellationToken)
    {
        if (resolver.ClientRefFilterRefused)
        {
            return null;
        }

        var found = await resolver.FindByClientRefAsync(create.ClientRef, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            if (Interlocked.Exchange(ref lookupWarningGiven, 1) == 0)
            {
                Notice?.Invoke(this, "The server's run search does not take a client_ref filter, so -SkipExisting asks only this machine's ledger: runs other machines made for the same client refs are not seen.");
            }

            return null;
        }

        return found.FirstOrDefault(run => RunflowClient.InputMatches(create.Input, run.Input) && run.Status is not (RunStatus.Failed or RunStatus.Canceled));
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

        return new SubmitResult(run, outcome, entry);
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

    /// <summary>Reads a run the API gave us, allowing the grace window a just-created run may need before it is readable.</summary>
    internal async Task<Run> ReadGivenRunAsync(string runId, CancellationToken cancellationToken)
    {
        var clock = client.Clock;
        var giveUpAt = clock.Monotonic + client.Options.Polling.NotFoundGrace;
        var pause = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                return await client.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            }
            catch (RunflowApiException notFound) when (notFound.StatusCode == 404)
            {
                if (clock.Monotonic >= giveUpAt)
                {
                    throw new RunflowRunNotFoundException(runId, givenByApi: true, notFound);
                }
            }

            await clock.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = Doubled(pause);
        }
    }
}
