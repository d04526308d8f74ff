using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>
/// Groups an operation's requests into batch creates. Requests that may share a batch (<see cref="BatchRule"/>) wait
/// together; a group is sent once it holds <see cref="BatchRule.MaxItems"/>, or when the caller says no more requests
/// come. At send time each request's take is claimed in the ledger: a request the ledger already knows (a run to follow
/// or reuse, a take to resolve, a re-run to refuse) takes the single path, the others are sent together. A batch create
/// the route refused sends its requests one by one, and so does every later request of the operation.
/// </summary>
internal sealed class BatchPlanner
{
    private readonly CreateLedger ledger;
    private readonly LedgerScope scope;
    private readonly SubmitOptions options;
    private readonly SingleCreate singles;
    private readonly BatchSubmission batches;
    private readonly Func<SendSlot> takeSlot;
    private readonly Action<string> progress;
    private readonly List<Group> waiting = new();
    private int refused;

    public BatchPlanner(CreateLedger ledger, LedgerScope scope, SubmitOptions options, SingleCreate singles, BatchSubmission batches,
        Func<SendSlot> takeSlot, Action<string> progress)
    {
        this.ledger = ledger;
        this.scope = scope;
        this.options = options;
        this.singles = singles;
        this.batches = batches;
        this.takeSlot = takeSlot;
        this.progress = progress;
    }

    /// <summary>Set once a batch create was refused by the route: later requests go one by one straight away.</summary>
    public bool BatchesRefused => Volatile.Read(ref refused) == 1;

    public bool HasWaiting
    {
        get
        {
            lock (waiting)
            {
                return waiting.Count > 0;
            }
        }
    }

    /// <summary>Puts <paramref name="request"/> in its group (sent now if that fills it); it is prepared (its images
    /// uploaded) when its group is sent. The task gives its run or throws what kept it from one; a stop while its group
    /// is still filling ends it <see cref="SubmitOutcome.NotSent"/>.</summary>
    public Task<SubmitResult> Add(CreateRunRequest request, string clientRef, Func<CancellationToken, Task<PreparedCreate>> prepare,
        CancellationToken cancellationToken)
    {
        var key = BatchRule.KeyOf(request);
        var item = new Item(prepare);
        Group? full = null;
        lock (waiting)
        {
            var group = waiting.FirstOrDefault(candidate => candidate.Key == key);
            if (group is null)
            {
                waiting.Add(group = new Group(key));
            }

            group.Items.Add(item);
            if (group.Items.Count >= BatchRule.MaxItems)
            {
                waiting.Remove(group);
                full = group;
            }
        }

        cancellationToken.Register(() => Abandon(item, () => SubmitResult.Failed(request, clientRef, new OperationCanceledException(cancellationToken),
            SubmitOutcome.NotSent)));
        if (full is not null)
        {
            Send(full.Items, cancellationToken);
        }

        return item.Result.Task;
    }

    /// <summary>Sends the group that has waited longest, if any; false when none waits.</summary>
    public bool SendNextWaiting(CancellationToken cancellationToken)
    {
        Group group;
        lock (waiting)
        {
            if (waiting.Count == 0)
            {
                return false;
            }

            group = waiting[0];
            waiting.RemoveAt(0);
        }

        Send(group.Items, cancellationToken);
        return true;
    }

    private void Abandon(Item item, Func<SubmitResult> notSent)
    {
        lock (waiting)
        {
            var group = waiting.FirstOrDefault(candidate => candidate.Items.Contains(item));
            if (group is null)
            {
                return;
            }

            group.Items.Remove(item);
            if (group.Items.Count == 0)
            {
                waiting.Remove(group);
            }
        }

        item.Result.TrySetResult(notSent());
    }

    private void Send(List<Item> items, CancellationToken cancellationToken)
    {
        // The slots are taken now, on the caller's thread, so its throttle sees the group as sending at once.
        var slots = items.Select(_ => takeSlot()).ToList();
        _ = Task.Run(() => SendAsync(items, slots, cancellationToken));
    }

    private async Task SendAsync(List<Item> items, List<SendSlot> slots, CancellationToken cancellationToken)
    {
        var handedOn = new List<Task>();
        var decided = new bool[items.Count];
        var prepared = new PreparedCreate?[items.Count];
        var claimed = new List<(int Index, PreparedCreate Create, LedgerEntry Entry)>();
        void Decide(int index, Task<SubmitResult> outcome)
        {
            decided[index] = true;
            handedOn.Add(CompleteAsync(items[index], slots[index], outcome));
        }

        try
        {
            for (var index = 0; index < items.Count; index++)
            {
                try
                {
                    prepared[index] = await items[index].Prepare(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    // A request that could not be prepared (its upload failed, say) fails alone.
                    Decide(index, Task.FromException<SubmitResult>(failure));
                }
            }

            // Claimed takes are sent right away: a stop before this point leaves nothing claimed for the next run to resolve.
            cancellationToken.ThrowIfCancellationRequested();
            for (var index = 0; index < items.Count; index++)
            {
                if (prepared[index] is not { } create)
                {
                    continue;
                }

                var claim = BatchesRefused ? null : ledger.Claim(scope, create.ClientRef, takes =>
                    RerunRule.Decide(takes, create.InputDigest, options.NewTake).Action == RerunAction.NewTake ? create.ClaimRequest() : null);
                if (claim?.Claimed is { } entry)
                {
                    claimed.Add((index, create, entry));
                }
                else
                {
                    Decide(index, singles.SubmitAsync(create, slots[index], cancellationToken));
                }
            }

            if (claimed.Count > 0)
            {
                var outcomes = await batches.SendAsync(claimed.Select(item => (item.Create, item.Entry)).ToList(), cancellationToken).ConfigureAwait(false);
                if (outcomes is null && Interlocked.Exchange(ref refused, 1) == 0)
                {
                    progress("The batches endpoint refused these inputs; they are submitted one by one.");
                }

                for (var position = 0; position < claimed.Count; position++)
                {
                    var (index, create, _) = claimed[position];
                    Decide(index, outcomes is null
                        ? singles.SubmitAsync(create, slots[index], cancellationToken)
                        : outcomes[position].Result is { } result ? Task.FromResult(result) : Task.FromException<SubmitResult>(outcomes[position].Failure!));
                }
            }
        }
        catch (Exception failure)
        {
            // What stopped the group (the batch create's own failure, a stop, a ledger that cannot be written) is the
            // outcome of every request not decided yet; those already handed on go on.
            for (var index = 0; index < items.Count; index++)
            {
                if (!decided[index])
                {
                    Decide(index, Task.FromException<SubmitResult>(failure));
                }
            }
        }

        await Task.WhenAll(handedOn).ConfigureAwait(false);
    }

    private static async Task CompleteAsync(Item item, SendSlot slot, Task<SubmitResult> work)
    {
        try
        {
            item.Result.TrySetResult(await work.ConfigureAwait(false));
        }
        catch (Exception failure)
        {
            item.Result.TrySetException(failure);
        }
        finally
        {
            slot.Release();
        }
    }

    private sealed class Group
    {
        public Group(string key)
        {
            Key = key;
        }

        public string Key { get; }

        public List<Item> Items { get; } = new();
    }

    private sealed class Item
    {
        public Item(Func<CancellationToken, Task<PreparedCreate>> prepare)
        {
            Prepare = prepare;
        }

        public Func<CancellationToken, Task<PreparedCreate>> Prepare { get; }

        public TaskCompletionSource<SubmitResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
