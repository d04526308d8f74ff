using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>
/// The one create path: every paid create goes through here. It takes requests and options (skip existing, batches,
/// new take, resend unknown) and gives one <see cref="SubmitResult"/> per request: its run (new, adopted or reused), or
/// the failure, named by its client ref. A request's local images are uploaded first (<see cref="AssetUploads"/>); with
/// batches its group waits (<see cref="BatchPlanner"/>), else it is created alone (<see cref="SingleCreate"/>), where
/// the rule that a run is never paid twice by accident lives. One instance serves one pipeline: a client ref is taken
/// once per operation. A caller throttles on <see cref="Sending"/>.
/// </summary>
public sealed class SubmitOperation
{
    private readonly RunflowClient client;
    private readonly SubmitOptions options;
    private readonly HashSet<string> reserved = new(StringComparer.Ordinal);
    private readonly AssetUploads uploads;
    private readonly SingleCreate singles;
    private readonly BatchPlanner planner;
    private int sending;
    private TaskCompletionSource<bool> slotFreed = NewSignal();

    public SubmitOperation(RunflowClient client, CreateLedger ledger, SubmitOptions? options = null)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        if (ledger is null)
        {
            throw new ArgumentNullException(nameof(ledger));
        }

        this.options = (options ?? new SubmitOptions()).Clone();
        var scope = LedgerScope.For(client.Options);
        var resolver = new CreateOutcomeResolver(client, ledger, scope, this.options);
        uploads = new AssetUploads(client);
        singles = new SingleCreate(client, ledger, scope, this.options, resolver,
            new ExistingRunLookup(resolver, message => Notice?.Invoke(this, message)));
        planner = new BatchPlanner(ledger, scope, this.options, singles, new BatchSubmission(client, ledger, resolver, singles, this.options),
            TakeSlot, message => Progress?.Invoke(this, message));
    }

    /// <summary>Raised once when the server's search refused a client_ref filter, so SkipExisting can ask only the
    /// ledger (and look-ups fall back to the created_at filter).</summary>
    public event EventHandler<string>? Notice;

    /// <summary>Raised with what a -Verbose reader wants to know (batches refused).</summary>
    public event EventHandler<string>? Progress;

    /// <summary>Raised, on any thread, whenever <see cref="Sending"/> went down.</summary>
    public event EventHandler? SendingChanged;

    /// <summary>How many requests are being prepared or sent: what a caller's throttle counts. Requests waiting for
    /// their batch to fill, and requests whose lost answer is being looked up, are not counted.</summary>
    public int Sending => Volatile.Read(ref sending);

    /// <summary>Set once a batch create was refused by the route: later requests go one by one straight away.</summary>
    public bool BatchesRefused => planner.BatchesRefused;

    /// <summary>Whether requests wait for their batch to fill (<see cref="SendWaitingBatch"/> sends them).</summary>
    public bool HasWaitingBatches => planner.HasWaiting;

    /// <summary>Takes <paramref name="clientRef"/> for this operation, in pipeline order: a second row with the same ref
    /// is refused here, before anything is paid.</summary>
    public void Reserve(string clientRef)
    {
        lock (reserved)
        {
            if (!reserved.Add(clientRef.Trim()))
            {
                throw new RunflowDuplicateClientRefException(clientRef);
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="request"/>: alone, or with batches in its group, which is sent when it is full or by
    /// <see cref="SendWaitingBatch"/>. Its task never faults: it ends with the request's result. What is decided before
    /// the call returns (its place in a group, its hold on <see cref="Sending"/>) follows the order of the calls.
    /// </summary>
    public Task<SubmitResult> SubmitAsync(CreateRunRequest request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var clientRef = PreparedCreate.ClientRefOf(request);
        lock (reserved)
        {
            reserved.Add(clientRef);
        }

        async Task<PreparedCreate> PrepareAsync(CancellationToken token) =>
            PreparedCreate.From(request, await uploads.WithAssetsAsync(request, token).ConfigureAwait(false), clientRef);
        if (options.Batch && !planner.BatchesRefused && !options.SkipExisting)
        {
            // With SkipExisting each request asks the server first, which the single path does.
            return ResultAsync(request, clientRef, planner.Add(request, clientRef, PrepareAsync, cancellationToken), null, cancellationToken);
        }

        var slot = TakeSlot();
        return ResultAsync(request, clientRef, Task.Run(async () => await singles.SubmitAsync(await PrepareAsync(cancellationToken).ConfigureAwait(false),
            slot, cancellationToken).ConfigureAwait(false), cancellationToken), slot, cancellationToken);
    }

    /// <summary>Sends the batch group that has waited longest (requests that may share a batch, not yet full); false
    /// when none waits. A caller sends them all when no more requests come, throttling in between.</summary>
    public bool SendWaitingBatch(CancellationToken cancellationToken) => planner.SendNextWaiting(cancellationToken);

    /// <summary>
    /// Submits every request, keeping at most <paramref name="maxSending"/> sending, and gives one result per request,
    /// in order. A second request with a client ref already taken fails without being sent; once
    /// <paramref name="cancellationToken"/> is canceled, requests not started are <see cref="SubmitOutcome.NotSent"/>.
    /// </summary>
    public async Task<IReadOnlyList<SubmitResult>> SubmitAllAsync(IEnumerable<CreateRunRequest> requests, int maxSending = 4,
        CancellationToken cancellationToken = default)
    {
        var results = new List<Task<SubmitResult>>();
        foreach (var request in requests ?? throw new ArgumentNullException(nameof(requests)))
        {
            var clientRef = string.IsNullOrWhiteSpace(request.ClientRef) ? null : request.ClientRef!.Trim();
            try
            {
                if (clientRef is not null)
                {
                    Reserve(clientRef);
                }

                await WaitForSlotAsync(maxSending, cancellationToken).ConfigureAwait(false);
                results.Add(SubmitAsync(request, cancellationToken));
            }
            catch (Exception failure) when (failure is RunflowDuplicateClientRefException or OperationCanceledException)
            {
                results.Add(Task.FromResult(SubmitResult.Failed(request, clientRef ?? string.Empty, failure,
                    failure is OperationCanceledException ? SubmitOutcome.NotSent : SubmitOutcome.Failed)));
            }
        }

        // After a stop the groups still filling are not sent: their requests end NotSent.
        while (HasWaitingBatches && !cancellationToken.IsCancellationRequested)
        {
            await WaitForSlotAsync(maxSending, CancellationToken.None).ConfigureAwait(false);
            SendWaitingBatch(cancellationToken);
        }

        return await Task.WhenAll(results).ConfigureAwait(false);
    }

    private async Task<SubmitResult> ResultAsync(CreateRunRequest request, string clientRef, Task<SubmitResult> work, SendSlot? slot,
        CancellationToken cancellationToken)
    {
        try
        {
            return await work.ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            return SubmitResult.Failed(request, clientRef, failure,
                failure is OperationCanceledException && cancellationToken.IsCancellationRequested ? SubmitOutcome.Interrupted : SubmitOutcome.Failed);
        }
        finally
        {
            slot?.Release();
        }
    }

    private SendSlot TakeSlot()
    {
        Interlocked.Increment(ref sending);
        return new SendSlot(() =>
        {
            Interlocked.Decrement(ref sending);
            Interlocked.Exchange(ref slotFreed, NewSignal()).TrySetResult(true);
            SendingChanged?.Invoke(this, EventArgs.Empty);
        });
    }

    private async Task WaitForSlotAsync(int maxSending, CancellationToken cancellationToken)
    {
        while (true)
        {
            // The signal is read before the count, so a slot freed in between is not missed.
            var freed = Volatile.Read(ref slotFreed).Task;
            cancellationToken.ThrowIfCancellationRequested();
            if (Sending < Math.Max(1, maxSending))
            {
                return;
            }

            var canceled = NewSignal();
            using (cancellationToken.Register(() => canceled.TrySetResult(true)))
            {
                await Task.WhenAny(freed, canceled.Task).ConfigureAwait(false);
            }
        }
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
