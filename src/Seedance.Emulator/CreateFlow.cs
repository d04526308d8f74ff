using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>
/// What run and batch creates share: reading the body, idempotency, the decision under the lock, the injected faults
/// around the commit, and the answer.
/// </summary>
internal sealed class CreateFlow(EmulatorOptions options, EmulatorState state, StatsCollector stats, FaultInjector faults, TimeProvider clock,
    ApiResponses responses, ApiLookup lookup)
{
    /// <summary>
    /// One create. <paramref name="plan"/> runs under the state lock for a body that is not a replay: it gives the
    /// body's problems and what creates the run or batch (and renders it) when there are none.
    /// </summary>
    public async Task HandleAsync(HttpContext context, string invalidSummary,
        Func<JsonNode?, CreatePlan> plan)
    {
        var create = await ReadCreateAsync(context);
        if (create is null)
        {
            return;
        }

        var (body, key, fingerprint, hold) = create.Value;
        using var _ = hold;

        // Replay lookup, validation, the credit check, the create and the idempotency record happen under one lock, so
        // two requests with the same key can never both create a run (the real middleware's in-flight behaviour is
        // UNKNOWN; serializing them is the defensive reading).
        CreateOutcome outcome;
        lock (state.Gate)
        {
            outcome = Replayed(key, fingerprint) ?? Decide(plan(body), key, fingerprint);
        }

        await AnswerAsync(context, outcome, invalidSummary, hold);
    }

    /// <summary>
    /// The body and idempotency identity of a create, and the hold of its answer when this create is one that answers
    /// late. A malformed body is answered here, and so is the injected drop before commit; both give null.
    /// </summary>
    private async Task<(JsonNode? Body, string? Key, string Fingerprint, AnswerHold? Hold)?> ReadCreateAsync(HttpContext context)
    {
        if (await lookup.BodyAsync(context) is not (var raw, var body))
        {
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

    /// <summary>The Idempotency-Key to honour, or null when there is none or the emulator is told to ignore it.</summary>
    private string? IdempotencyKey(HttpContext context)
    {
        if (options.NoIdempotency)
        {
            return null;
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        return string.IsNullOrEmpty(key) ? null : key;
    }

    /// <summary>What "the same request" means for idempotency: the same route and the same body bytes.</summary>
    private static string Fingerprint(HttpContext context, byte[] raw)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(context.Request.Method + " " + context.Request.Path.Value + "\n"));
        hash.AppendData(raw);
        return Convert.ToHexString(hash.GetHashAndReset());
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
    private CreateOutcome Decide(CreatePlan plan, string? key, string fingerprint)
    {
        if (plan.Problems.Count > 0)
        {
            return CreateOutcome.Invalid(plan.Problems);
        }

        if (!state.HasCredit)
        {
            return CreateOutcome.NoCredit;
        }

        var body = JsonText.Write(plan.Create());
        if (key is not null)
        {
            state.Remember(key, fingerprint, 201, body);
        }

        return CreateOutcome.Created(body);
    }

    /// <summary>Answers a create: a refusal at once; a new run or batch after the injected drop or hold, if any.</summary>
    private async Task AnswerAsync(HttpContext context, CreateOutcome outcome, string invalidSummary, AnswerHold? hold)
    {
        switch (outcome.Status)
        {
            case 409:
                await responses.Error(context, 409, "CONFLICT", "This Idempotency-Key was already used with a different request.");
                return;
            case 422:
                await responses.ValidationError(context, invalidSummary, outcome.Problems!);
                return;
            case 402:
                await responses.Error(context, 402, "INSUFFICIENT_CREDIT", "The organization's credit balance is exhausted. Top up at app.runflow.io/settings/billing.");
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

        await ApiResponses.Text(context, outcome.Status, outcome.StoredBody!);
    }
}
