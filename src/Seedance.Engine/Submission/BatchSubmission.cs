using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Seedance.Engine.Ledger;

namespace Seedance.Engine.Submission;

/// <summary>
/// One batch create (<c>POST /v1/models/{model}/batches</c>) of takes the ledger has already claimed. The API reference's
/// body (<c>{"input":[...]}</c>) is sent first and, on a 422, the batch guide's (<c>{"items":[{"input":...}]}</c>) once.
/// A batch route that refuses the create (400/404/405/422) hands its takes back to be created one by one; nothing else
/// ever does, because a batch that may have been created must not be paid for again. A lost answer is resolved item by
/// item like a single create's; runs not readable yet are read again within the grace window.
/// </summary>
internal sealed class BatchSubmission
{
    /// <summary>The batch's shared metadata carries its key here (a per-item key cannot ride in shared metadata).</summary>
    public const string MetadataKey = "seedance_batch";

    private readonly RunflowClient client;
    private readonly CreateLedger ledger;
    private readonly CreateOutcomeResolver resolver;
    private readonly SingleCreate singles;
    private readonly SubmitOptions options;

    public BatchSubmission(RunflowClient client, CreateLedger ledger, CreateOutcomeResolver resolver, SingleCreate singles, SubmitOptions options)
    {
        this.client = client;
        this.ledger = ledger;
        this.resolver = resolver;
        this.singles = singles;
        this.options = options;
    }

    /// <summary>One outcome per item, in order: its run, a failure, or null for "the route refused batches: create them
    /// alone". The items share one model, callback URL and metadata (<see cref="BatchRule"/>): the first item's are sent.</summary>
    public async Task<IReadOnlyList<(SubmitResult? Result, Exception? Failure)>?> SendAsync(IReadOnlyList<(PreparedCreate Create, LedgerEntry Entry)> items,
        CancellationToken cancellationToken)
    {
        var shared = items[0].Create;
        var path = "v1/models/" + RunflowClient.EncodeModelPath(items[0].Create.Model) + "/batches";
        var key = IdempotencyKeys.Derive("batch", System.Text.Encoding.UTF8.GetBytes(string.Join("\n", items.Select(item => item.Entry.IdempotencyKey))));
        items.ToList().ForEach(item => ledger.MarkInFlight(item.Entry, true));
        CreateAttempt attempt;
        var guideShape = false;
        try
        {
            attempt = await client.SendCreateOnceAsync(path, Body(items, shared, key, guideShape), key, cancellationToken).ConfigureAwait(false);
            if (attempt.Failure is RunflowApiException { StatusCode: 422 })
            {
                guideShape = true;
                attempt = await client.SendCreateOnceAsync(path, Body(items, shared, key, guideShape), key, cancellationToken).ConfigureAwait(false);
            }

            for (var send = 2; attempt.Outcome == CreateAttemptOutcome.MaybeSent && send <= client.Options.Retry.MaxAttempts; send++)
            {
                // A lost answer: the runs the batch made are looked for first; when they are not all found, the batch is
                // sent again with the same key and body, which the batch route documents as a replay of the first create
                // (not a second one). Not before the commit window closed: a replay of a create still in flight is not
                // promised.
                var found = await resolver.FindBatchRunsAsync(items.Select(item => (item.Entry, item.Create.Input)).ToList(), key, cancellationToken)
                    .ConfigureAwait(false);
                if (found.All(run => run is not null))
                {
                    return Adopted(items, found!);
                }

                var wait = items.Min(item => item.Entry.SentAt ?? item.Entry.ClaimedAt) + options.CommitWindow - client.Clock.UtcNow;
                await client.Clock.Delay(wait, cancellationToken).ConfigureAwait(false);
                items.ToList().ForEach(item => ledger.RecordSent(item.Entry));
                attempt = await client.SendCreateOnceAsync(path, Body(items, shared, key, guideShape), key, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            items.ToList().ForEach(item => ledger.RecordMaybeSent(item.Entry, "interrupted while the batch create was being sent"));
            throw;
        }
        finally
        {
            items.ToList().ForEach(item => ledger.MarkInFlight(item.Entry, false));
        }

        switch (attempt.Outcome)
        {
            case CreateAttemptOutcome.NotCreated when attempt.Failure is RunflowApiException { StatusCode: 400 or 404 or 405 or 422 }:
                items.ToList().ForEach(item => ledger.RecordNotCreated(item.Entry, "the batches route refused the create: " + attempt.Failure.Message));
                return null;
            case CreateAttemptOutcome.NotCreated:
                items.ToList().ForEach(item => ledger.RecordNotCreated(item.Entry, attempt.Failure!.Message));
                return items.Select(_ => ((SubmitResult?)null, attempt.Failure)).ToList();
            case CreateAttemptOutcome.Created:
                return await ReadRunsAsync(items, attempt.Run!, cancellationToken).ConfigureAwait(false);
            default:
                return await Task.WhenAll(items.Select(item => ResolveItemAsync(item.Create, item.Entry, attempt.Failure!, cancellationToken))).ConfigureAwait(false);
        }
    }

    private IReadOnlyList<(SubmitResult?, Exception?)> Adopted(IReadOnlyList<(PreparedCreate Create, LedgerEntry Entry)> items, Run[] runs) =>
        items.Select((item, index) =>
        {
            ledger.RecordCreated(item.Entry, runs[index]);
            return ((SubmitResult?)item.Create.Result(runs[index], SubmitOutcome.Adopted, item.Entry), (Exception?)null);
        }).ToList();

    private static byte[] Body(IReadOnlyList<(PreparedCreate Create, LedgerEntry Entry)> items, PreparedCreate shared, string key, bool guideShape)
    {
        var inputs = items.Select(item => guideShape
            ? (object?)new Dictionary<string, object?> { ["input"] = item.Create.Input, ["client_ref"] = item.Create.ClientRef }
            : new Dictionary<string, object?>(item.Create.Input, StringComparer.Ordinal) { ["client_ref"] = item.Create.ClientRef }).ToList();
        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { [guideShape ? "items" : "input"] = inputs };
        if (shared.CallbackUrl is not null)
        {
            body["callback_url"] = shared.CallbackUrl;
        }

        body["metadata"] = new Dictionary<string, object?>(shared.Metadata ?? new Dictionary<string, object?>(), StringComparer.Ordinal) { [MetadataKey] = key };
        return PlainJson.SerializeToUtf8(body);
    }

    /// <summary>Gives every item of a created batch its run: ids from the answer, the batch read again for items
    /// without one, then the runs from one search (<see cref="BatchRunSearch"/>), and read by id where the search did
    /// not list them whole (a just-created batch's runs may answer 404 for a while).</summary>
    private async Task<IReadOnlyList<(SubmitResult?, Exception?)>> ReadRunsAsync(IReadOnlyList<(PreparedCreate Create, LedgerEntry Entry)> items,
        Run batch, CancellationToken cancellationToken)
    {
        var batchId = batch.Id;
        var refs = items.Select(item => item.Create.ClientRef).ToList();
        var runIds = client.ParseBatchAnswer(new ReadOnlySequence<byte>(batch.RawUtf8), refs);
        var clock = client.Clock;
        var giveUpAt = clock.Monotonic + client.Options.Polling.NotFoundGrace;
        var pause = TimeSpan.FromMilliseconds(250);
        while (runIds.Any(id => id is null) && clock.Monotonic < giveUpAt)
        {
            await clock.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = GivenRunReader.Doubled(pause);
            try
            {
                var again = await client.SendAsync(HttpMethod.Get, "v1/batches/" + Uri.EscapeDataString(batchId), null, null, cancellationToken).ConfigureAwait(false);
                var reread = client.ParseBatchAnswer(again.Utf8Body, refs);
                for (var index = 0; index < runIds.Length; index++)
                {
                    runIds[index] ??= reread[index];
                }
            }
            catch (RunflowApiException notYet) when (notYet.StatusCode == 404)
            {
                // The batch itself may not be readable yet either.
            }
        }

        var listed = await BatchRunSearch.ReadAsync(client, runIds, batch.CreatedAt, cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(items.Select(async (item, index) =>
        {
            if (runIds[index] is not { } runId)
            {
                return await ResolveItemAsync(item.Create, item.Entry,
                    new RunflowProtocolException($"Batch {batchId} was created, but its item for client ref '{item.Create.ClientRef}' names no run yet."),
                    cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var run = listed.TryGetValue(runId, out var seen) ? seen : await GivenRunReader.ReadAsync(client, runId, cancellationToken).ConfigureAwait(false);
                ledger.RecordCreated(item.Entry, run);
                return ((SubmitResult?)item.Create.Result(run, SubmitOutcome.Created, item.Entry), (Exception?)null);
            }
            catch (RunflowException failure)
            {
                ledger.RecordCreated(item.Entry, Run.Parse("{\"id\":" + PlainJson.Serialize(runId) + "}"));
                return (null, failure);
            }
        })).ConfigureAwait(false);
    }

    private async Task<(SubmitResult?, Exception?)> ResolveItemAsync(PreparedCreate create, LedgerEntry entry, Exception cause, CancellationToken cancellationToken)
    {
        try
        {
            return (await singles.ResolveLostAsync(create, entry, cause, cancellationToken).ConfigureAwait(false), null);
        }
        catch (RunflowException failure)
        {
            return (null, failure);
        }
    }
}
