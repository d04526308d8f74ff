using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

public sealed partial class RunflowClient
{
    /// <summary>
    /// Creates a paid run, never blindly twice. Every create carries a client_ref and an Idempotency-Key that stays the
    /// same across its retries. The docs confirm Idempotency-Key for batches only (a global middleware, probably also on
    /// this route, but not stated), so when an attempt's outcome is unknown — sent, then a timeout, a dropped connection
    /// or a gateway error — the run is first looked up by client_ref and adopted if found; only when it is not found
    /// (twice, as a search may lag) is the create resent, with the same key. If the lookup itself fails, the engine stops
    /// with <see cref="RunflowCreateOutcomeUnknownException"/> rather than risk a second paid run.
    /// </summary>
    public async Task<CreateRunResult> CreateRunAsync(CreateRunRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var model = SeedanceModels.Normalize(request.Model);
        var path = "v1/models/" + EncodeModelPath(model) + "/runs";
        var clientRef = string.IsNullOrWhiteSpace(request.ClientRef) ? IdempotencyKeys.NewClientRef() : request.ClientRef!.Trim();
        SeedanceInputValidator.RequireClientRef(clientRef);
        SeedanceInputValidator.RequireCallbackUrl(request.CallbackUrl);

        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["input"] = request.Input ?? new Dictionary<string, object?>() };
        if (request.CallbackUrl is not null)
        {
            body["callback_url"] = request.CallbackUrl;
        }

        if (request.Metadata is not null)
        {
            body["metadata"] = request.Metadata;
        }

        body["client_ref"] = clientRef;
        var bodyBytes = PlainJson.SerializeToUtf8(body);
        var idempotencyKey = string.IsNullOrWhiteSpace(request.ClientRef)
            ? IdempotencyKeys.Random()
            : IdempotencyKeys.Derive(model, PlainJson.SerializeToUtf8(body, sortKeys: true));
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey };
        var maxAttempts = Math.Max(1, options.Retry.MaxAttempts);
        var input = request.Input;

        for (var attempt = 1; ; attempt++)
        {
            ApiResponse response;
            try
            {
                response = await SendOnceAsync(HttpMethod.Post, path, bodyBytes, headers, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (RunflowTransportException failure) when (!cancellationToken.IsCancellationRequested)
            {
                var adopted = await ReconcileAsync(clientRef, idempotencyKey, input, failure, cancellationToken).ConfigureAwait(false);
                if (adopted is not null)
                {
                    return new CreateRunResult(adopted, clientRef, idempotencyKey, attempt, CreateRunOutcome.AdoptedExisting);
                }

                if (attempt >= maxAttempts)
                {
                    throw;
                }

                await WaitBeforeRetryAsync(HttpMethod.Post, path, attempt + 1, null, failure.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccess)
            {
                return new CreateRunResult(ParseBody(response, Run.FromElement, "the created run"), clientRef, idempotencyKey, attempt,
                    CreateRunOutcome.Created);
            }

            if (response.StatusCode == 409)
            {
                // A duplicate or an in-flight request with the same key: the run may well exist already. A CONFLICT for a key
                // reused with another body finds no run with this input and is thrown.
                var existing = await ReconcileAsync(clientRef, idempotencyKey, input, ToException(HttpMethod.Post, path, response), cancellationToken)
                    .ConfigureAwait(false);
                if (existing is not null)
                {
                    return new CreateRunResult(existing, clientRef, idempotencyKey, attempt, CreateRunOutcome.AdoptedExisting);
                }

                throw ToException(HttpMethod.Post, path, response);
            }

            if (!response.IsTransient)
            {
                throw ToException(HttpMethod.Post, path, response);
            }

            // A rate limiter answers before any work is done. Any other transient status may have come from a gateway
            // after the API committed the run, so it is treated as an unknown outcome.
            if (response.StatusCode != 429)
            {
                var adopted = await ReconcileAsync(clientRef, idempotencyKey, input, ToException(HttpMethod.Post, path, response), cancellationToken)
                    .ConfigureAwait(false);
                if (adopted is not null)
                {
                    return new CreateRunResult(adopted, clientRef, idempotencyKey, attempt, CreateRunOutcome.AdoptedExisting);
                }
            }

            if (attempt >= maxAttempts)
            {
                throw ToException(HttpMethod.Post, path, response);
            }

            await WaitBeforeRetryAsync(HttpMethod.Post, path, attempt + 1, response.RetryAfter, $"status {response.StatusCode}", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends one create and retries only what cannot have made a run: a refused connection or failed name lookup (nothing
    /// was sent) and 429 (a rate limiter answers before any work). Every other failure may have come after the server
    /// committed the run, so it is returned as <see cref="Submission.CreateAttemptOutcome.MaybeSent"/> for the caller to
    /// resolve by documented means before anything is resent.
    /// </summary>
    internal async Task<Submission.CreateAttempt> SendCreateOnceAsync(string path, byte[] body, string idempotencyKey, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey };
        var maxAttempts = Math.Max(1, options.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            ApiResponse response;
            try
            {
                response = await SendOnceAsync(HttpMethod.Post, path, body, headers, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (RunflowTransportException failure) when (!cancellationToken.IsCancellationRequested)
            {
                if (failure.RequestMayHaveArrived)
                {
                    return Submission.CreateAttempt.MaybeSent(failure);
                }

                if (attempt >= maxAttempts)
                {
                    return Submission.CreateAttempt.NotCreated(failure);
                }

                await WaitBeforeRetryAsync(HttpMethod.Post, path, attempt + 1, null, failure.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccess)
            {
                return Submission.CreateAttempt.Created(ParseBody(response, Run.FromElement, "the created run"));
            }

            if (response.StatusCode == 409 || (response.IsTransient && response.StatusCode != 429))
            {
                return Submission.CreateAttempt.MaybeSent(ToException(HttpMethod.Post, path, response));
            }

            if (response.StatusCode != 429 || attempt >= maxAttempts)
            {
                return Submission.CreateAttempt.NotCreated(ToException(HttpMethod.Post, path, response));
            }

            await WaitBeforeRetryAsync(HttpMethod.Post, path, attempt + 1, response.RetryAfter, $"status {response.StatusCode}", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Looks for the run an unanswered create may have made; a second look follows a short pause because a
    /// search index can lag behind the write.</summary>
    private async Task<Run?> ReconcileAsync(string clientRef, string idempotencyKey, IDictionary<string, object?>? input, Exception cause,
        CancellationToken cancellationToken)
    {
        for (var look = 1; look <= 2; look++)
        {
            IReadOnlyList<Run> candidates;
            try
            {
                candidates = await FindRunsByClientRefAsync(clientRef, cancellationToken).ConfigureAwait(false);
            }
            catch (RunflowException lookupFailure)
            {
                throw new RunflowCreateOutcomeUnknownException(clientRef, idempotencyKey, new AggregateException(cause, lookupFailure));
            }

            // A client ref reused on purpose for other work must not be mistaken for this create.
            var match = candidates.FirstOrDefault(run => InputMatches(input, run.Input));
            if (match is not null)
            {
                RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Note, "POST", "/v1/runs", null, null, 0,
                    $"create outcome was unknown; adopted run {match.Id} found by client_ref"));
                return match;
            }

            if (look == 1)
            {
                await options.Clock.Delay(options.Polling.ReconcileLookupDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a run found by client_ref is the one this create sent: every input field it reports must carry the value
    /// sent. Fields the server dropped or added are not held against it (it may normalise input, and a missed match here
    /// means a resend, which only the Idempotency-Key then guards); a field with another value means other work.
    /// </summary>
    internal static bool InputMatches(IDictionary<string, object?>? sent, IDictionary<string, object?> found)
    {
        if (sent is null)
        {
            return true;
        }

        foreach (var pair in sent)
        {
            if (pair.Value is null || !found.TryGetValue(pair.Key, out var value) || value is null)
            {
                continue;
            }

            // The API re-signs runflow:// asset references to HTTPS on read (and may store data: URIs as assets), so
            // those fields cannot be compared.
            if (pair.Value is string sentText
                && (sentText.StartsWith("runflow://", StringComparison.OrdinalIgnoreCase) || sentText.StartsWith("data:", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!string.Equals(Comparable(pair.Value), Comparable(value), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string Comparable(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable number when value is not IDictionary<string, object?> => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => PlainJson.Serialize(value, sortKeys: true),
    };
}
