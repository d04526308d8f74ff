using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

// What run and batch creates share: reading the body, idempotency, the decision under the lock, the injected faults
// around the commit, and the answer.
internal sealed partial class ApiHandler
{
    /// <summary>
    /// The body and idempotency identity of a run or batch create, and the hold of its answer when this create is one
    /// that answers late. A malformed body is answered here, and so is the injected drop before commit; both give null.
    /// </summary>
    private async Task<(JsonNode? Body, string? Key, string Fingerprint, AnswerHold? Hold)?> ReadCreateAsync(HttpContext context)
    {
        var (raw, body, malformed) = await ReadBodyAsync(context);
        if (malformed)
        {
            await Malformed(context);
            return null;
        }

        var key = IdempotencyKey(context);
        var fingerprint = Fingerprint(context, raw);
        if (faults.Roll(options.FaultDropBeforeCommitRate))
        {
            stats.Fault("drop_before_commit");
            ConnectionDrops.Drop(context);
            return null;
        }

        var hold = faults.Roll(options.FaultSlowAfterCommitRate)
            ? new AnswerHold(TimeSpan.FromMilliseconds(options.FaultSlowAfterCommitMs), clock, context.RequestAborted)
            : null;
        return (body, key, fingerprint, hold);
    }

    /// <summary>The stored answer for a repeated Idempotency-Key, a conflict for a reused one, null for a new key; call
    /// under the state lock.</summary>
    private CreateOutcome? Replayed(string? key, string fingerprint)
    {
        if (key is null || !state.TryReplay(key, fingerprint, out var replay))
        {
            return null;
        }

        return replay.Conflict ? CreateOutcome.Conflict : CreateOutcome.Replay(replay.Status, replay.Body);
    }

    /// <summary>Refuses an invalid body (422) or an exhausted balance (402), otherwise creates and remembers the answer
    /// under the Idempotency-Key; call under the state lock.</summary>
    private CreateOutcome Decide(List<(string Field, string Message, string Code)> problems, Func<JsonObject> create, string? key, string fingerprint)
    {
        if (problems.Count > 0)
        {
            return CreateOutcome.Invalid(problems);
        }

        if (!state.HasCredit)
        {
            return CreateOutcome.NoCredit;
        }

        var body = JsonText.Write(create());
        if (key is not null)
        {
            state.Remember(key, fingerprint, 201, body);
        }

        return CreateOutcome.Created(body);
    }

    /// <summary>Answers a create: a refusal at once; a new run or batch after the injected drop or hold, if any.</summary>
    private async Task AnswerCreateAsync(HttpContext context, CreateOutcome outcome, string invalidSummary, AnswerHold? hold)
    {
        switch (outcome.Status)
        {
            case 409:
                await Error(context, 409, "CONFLICT", "This Idempotency-Key was already used with a different request.");
                return;
            case 422:
                await ValidationError(context, invalidSummary, outcome.Problems!);
                return;
            case 402:
                await Error(context, 402, "INSUFFICIENT_CREDIT", "The organization's credit balance is exhausted. Top up at app.runflow.io/settings/billing.");
                return;
        }

        if (outcome.Replayed)
        {
            stats.Replay();
        }
        else if (faults.Roll(options.FaultDropAfterCommitRate))
        {
            stats.Fault("drop_after_commit");
            ConnectionDrops.Drop(context);
            return;
        }
        else if (hold is not null)
        {
            stats.Fault("slow_after_commit");
            await hold.Elapsed;
        }

        await WriteStoredAsync(context, outcome.Status, outcome.StoredBody!);
    }

    /// <summary>Creates and stores a run; call under the state lock. The runs of one batch share one creation time.</summary>
    private EmulatedRun NewRun(string model, JsonObject input, string? callbackUrl, JsonNode? metadata, string? clientRef, string? batchId, string requestId,
        DateTimeOffset createdAt)
    {
        var duration = JsonRead.String(input["duration"]);
        // An "auto" (or absent) duration makes a 5 s video, which is what it is billed for.
        var seconds = duration is null or "auto" ? 5 : int.Parse(duration, CultureInfo.InvariantCulture);
        var sequence = state.NextSequence();
        var run = new EmulatedRun
        {
            Id = state.Ids.NewId(),
            Model = model,
            ModelId = ModelCatalog.ModelId(model),
            Input = (JsonObject)input.DeepClone(),
            CallbackUrl = callbackUrl,
            Metadata = metadata?.DeepClone(),
            ClientRef = clientRef,
            BatchId = batchId,
            RequestId = requestId,
            CreatedAt = createdAt,
            Sequence = sequence,
            VideoSeconds = seconds,
            OutputSeed = JsonRead.String(input["seed"]) ?? ((sequence * 7919) % 1_000_003).ToString(CultureInfo.InvariantCulture),
            SearchLagDraw = state.NextRunDraw(),
            UnlistedStatusDraw = state.NextRunDraw(),
        };
        state.Add(run);
        stats.RunCreated();
        return run;
    }
}
