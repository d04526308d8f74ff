using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

public sealed partial class RunflowClient
{
    /// <summary>The run ids of a batch answer (create or read), one per client ref in order; null where not known yet.</summary>
    internal string?[] ParseBatchAnswer(ReadOnlySequence<byte> utf8, IReadOnlyList<string> clientRefs) =>
        ParseBody(new ApiResponse(200, utf8, null, null), root => BatchAnswer.Read(root, clientRefs), "the batch").RunIds;

    /// <summary>
    /// Sends one create and retries only what cannot have made a run: a refused connection or failed name lookup (nothing
    /// was sent) and 429 (a rate limiter answers before any work). Every other failure may have come after the server
    /// committed the run, so it is returned as <see cref="Submission.CreateAttemptOutcome.MaybeSent"/> for the caller to
    /// resolve by documented means before anything is resent.
    /// </summary>
    internal async Task<Submission.CreateAttempt> SendCreateOnceAsync(string path, byte[] body, string idempotencyKey, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey };
        ApiResponse response;
        try
        {
            response = await transport.RetryAsync("POST", RunflowTransport.ShowPath(path),
                attempt => transport.SendOnceAsync(HttpMethod.Post, path, body, headers, attempt, cancellationToken), mayCreate: true, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RunflowTransportException failure) when (!cancellationToken.IsCancellationRequested)
        {
            return failure.RequestMayHaveArrived ? Submission.CreateAttempt.MaybeSent(failure) : Submission.CreateAttempt.NotCreated(failure);
        }

        if (response.IsSuccess)
        {
            return Submission.CreateAttempt.Created(ParseBody(response, Run.FromElement, "the created run"));
        }

        // A 409 may be the same key still in flight, and any transient status other than 429 may have come from a gateway
        // after the API committed the run.
        var failed = transport.ToException(HttpMethod.Post, path, response);
        return response.StatusCode == 409 || (response.IsTransient && response.StatusCode != 429)
            ? Submission.CreateAttempt.MaybeSent(failed)
            : Submission.CreateAttempt.NotCreated(failed);
    }

    /// <summary>See <see cref="RunInputMatch.Matches"/>.</summary>
    internal static bool InputMatches(IDictionary<string, object?>? sent, IDictionary<string, object?> found) => RunInputMatch.Matches(sent, found);
}
