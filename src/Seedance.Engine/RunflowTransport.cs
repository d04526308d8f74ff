using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Engine;

/// <summary>
/// The engine's one way onto the network, for API calls, asset uploads and video downloads: one HttpClient, one
/// redirect rule (<see cref="SendAsync(TransportRequest, CancellationToken)"/>) and one retry loop
/// (<see cref="RetryAsync"/>) under one <see cref="RetryPolicy"/>. The API key is sent only to the API's own origin,
/// never to a presigned or any other host, and not to any hop of a redirect chain once it has left that origin.
/// </summary>
internal sealed class RunflowTransport : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly RunflowClientOptions options;
    private readonly HttpClient http;
    private readonly Uri apiBase;

    /// <param name="options">Validated settings, owned by the caller and not changed afterwards.</param>
    public RunflowTransport(RunflowClientOptions options, HttpMessageHandler? handler)
    {
        this.options = options;
        var baseText = options.BaseUri.GetLeftPart(UriPartial.Path);
        apiBase = new Uri(baseText.EndsWith("/", StringComparison.Ordinal) ? baseText : baseText + "/");
        Retry = new RetryPolicy(options.Retry, options.Clock, options.ApiKey);
        http = new HttpClient(handler ?? RunflowHttpHandler.Create(options), disposeHandler: true)
        {
            // Per-request timeouts instead: an overall timeout would cut off long downloads.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public RunflowClientOptions Options => options;

    public RetryPolicy Retry { get; }

    public void Dispose() => http.Dispose();

    public bool IsApiOrigin(Uri target) =>
        string.Equals(target.Scheme, apiBase.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(target.Host, apiBase.Host, StringComparison.OrdinalIgnoreCase)
        && target.Port == apiBase.Port;

    /// <summary>
    /// Sends one attempt and follows redirects (at most five), returning once the final answer's headers arrived; the
    /// caller disposes the answer and <see cref="HttpResponseMessage.RequestMessage"/>. 303, and 301/302 after a POST,
    /// continue as a GET without the body.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(TransportRequest outgoing, CancellationToken cancellationToken)
    {
        var method = outgoing.Method;
        var target = outgoing.Target;
        var content = outgoing.Content;
        var carriesKey = outgoing.IsApiCall;
        for (var redirects = 0; ; redirects++)
        {
            carriesKey &= IsApiOrigin(target);
            var request = new HttpRequestMessage(method, target);
            HttpResponseMessage response;
            var stopwatch = Stopwatch.StartNew();
            try
            {
                ApplyHeaders(request, outgoing, carriesKey);
                request.Content = content?.Invoke();
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                request.Dispose();
                throw;
            }

            var status = (int)response.StatusCode;
            if (outgoing.TraceNote is not null && RunflowTrace.IsActive)
            {
                RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Response, method.Method, Secrets.Url(target), status, stopwatch.Elapsed,
                    outgoing.Attempt, outgoing.TraceNote));
            }

            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location && redirects < MaxRedirects)
            {
                target = location.IsAbsoluteUri ? location : new Uri(target, location);
                if (status == 303 || ((status is 301 or 302) && method == HttpMethod.Post))
                {
                    method = HttpMethod.Get;
                    content = null;
                }

                response.Dispose();
                request.Dispose();
                continue;
            }

            return response;
        }
    }

    /// <summary>
    /// The one retry loop: runs <paramref name="attempt"/> (given its number) until it gives an answer the policy does
    /// not retry, or the attempts are used up; returns that last answer, or throws the last failure.
    /// <paramref name="mayCreate"/> marks a request that may create paid work (see <see cref="RetryPolicy"/>).
    /// </summary>
    public async Task<ApiResponse> RetryAsync(string method, string shownTarget, Func<int, Task<ApiResponse>> attempt, bool mayCreate,
        CancellationToken cancellationToken)
    {
        for (var number = 1; ; number++)
        {
            ApiResponse response;
            try
            {
                response = await attempt(number).ConfigureAwait(false);
            }
            catch (RunflowTransportException failure) when (number < Retry.MaxAttempts && RetryPolicy.RetriesFailure(failure, mayCreate)
                                                            && !cancellationToken.IsCancellationRequested)
            {
                await Retry.WaitAsync(method, shownTarget, number + 1, null, delay => $"retrying in {delay.TotalMilliseconds:0} ms after {failure.Message}",
                    cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccess || !RetryPolicy.RetriesStatus(response.StatusCode, mayCreate) || number >= Retry.MaxAttempts)
            {
                return response;
            }

            await Retry.WaitAsync(method, shownTarget, number + 1, response.RetryAfter,
                delay => $"retrying in {delay.TotalMilliseconds:0} ms after status {response.StatusCode}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends an API request that is safe to repeat, retrying transient failures; returns a success or throws.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string relativePath, byte[]? body, IDictionary<string, string>? headers,
        CancellationToken cancellationToken)
    {
        var response = await RetryAsync(method.Method, ShowPath(relativePath),
            attempt => SendOnceAsync(method, relativePath, body, headers, attempt, cancellationToken), mayCreate: false, cancellationToken)
            .ConfigureAwait(false);
        return response.IsSuccess ? response : throw ToException(method, relativePath, response);
    }

    /// <summary>One API attempt, read whole; network failures and timeouts become <see cref="RunflowTransportException"/>,
    /// which says whether the request may have reached the server.</summary>
    public async Task<ApiResponse> SendOnceAsync(HttpMethod method, string relativePath, byte[]? body, IDictionary<string, string>? headers,
        int attempt, CancellationToken cancellationToken)
    {
        var shown = ShowPath(relativePath);
        var stopwatch = Stopwatch.StartNew();
        if (RunflowTrace.IsActive)
        {
            RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Request, method.Method, shown, null, null, attempt, string.Empty));
        }

        if (body is not null && RunflowTrace.WantsBodies)
        {
            RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Body, method.Method, shown, null, null, attempt,
                "request body", Secrets.Scrub(Encoding.UTF8.GetString(body), options.ApiKey)));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        SentBodyContent? sentBody = null;
        var outgoing = new TransportRequest(method, new Uri(apiBase, relativePath))
        {
            IsApiCall = true,
            Headers = headers,
            Content = body is null ? null : () => sentBody = new SentBodyContent(body),
            Attempt = attempt,
        };
        try
        {
            using var response = await SendAsync(outgoing, timeout.Token).ConfigureAwait(false);
            using var sent = response.RequestMessage;
            var status = (int)response.StatusCode;

            // Every string later copied out of an answer (request ids, messages, codes, field errors, failure messages,
            // the run's own JSON) comes from here, so a gateway that echoes the key cannot put it in any of them.
            var utf8 = Secrets.WithoutKey(await AnswerBody.ReadAsync(response.Content, timeout.Token).ConfigureAwait(false), options.ApiKey);
            var requestId = Header(response, "X-Request-Id") ?? Header(response, "Runflow-Request-Id") ?? Header(response, "Request-Id");
            var result = new ApiResponse(status, utf8, requestId is null ? null : Secrets.Scrub(requestId, options.ApiKey),
                RetryPolicy.RetryAfterOf(response));
            if (RunflowTrace.IsActive)
            {
                RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Response, method.Method, shown, status, stopwatch.Elapsed, attempt,
                    string.Empty));
            }

            if (RunflowTrace.WantsBodies && !utf8.IsEmpty)
            {
                var text = result.Body;
                RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Body, method.Method, shown, status, null, attempt, "response body",
                    Secrets.Scrub(text.Length > 20000 ? text.Substring(0, 20000) + "..." : text, options.ApiKey)));
            }

            return result;
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RunflowTransportException($"{method.Method} {shown} got no answer within {options.RequestTimeout.TotalSeconds:0} s.", true,
                exception, requestMayHaveArrived: body is null || sentBody is { Started: true });
        }
        catch (HttpRequestException exception)
        {
            // A body that never started out cannot have reached the server whole, so nothing was sent.
            var nothingSent = RunflowTransportException.ProvesNothingSent(exception) || (body is not null && sentBody is not { Started: true });
            throw new RunflowTransportException(
                $"{method.Method} {shown} failed on the network{(nothingSent ? " before anything was sent" : string.Empty)}: {Secrets.Scrub(exception.GetBaseException().Message, options.ApiKey)}",
                false, exception, requestMayHaveArrived: !nothingSent);
        }
        catch (IOException exception)
        {
            throw new RunflowTransportException($"{method.Method} {shown} lost its connection: {Secrets.Scrub(exception.Message, options.ApiKey)}", false,
                exception, requestMayHaveArrived: body is null || sentBody is { Started: true });
        }
    }

    public RunflowApiException ToException(HttpMethod method, string relativePath, ApiResponse response) =>
        response.ToException(method.Method, relativePath, options.ApiKey);

    public static T ParseBody<T>(ApiResponse response, Func<JsonElement, T> read, string what)
    {
        using var document = JsonValues.Parse(response.Utf8Body, what, response.RequestId);
        try
        {
            return read(document.RootElement);
        }
        catch (InvalidOperationException exception)
        {
            throw JsonValues.UnexpectedShape(what, exception, response.RequestId);
        }
    }

    private void ApplyHeaders(HttpRequestMessage request, TransportRequest outgoing, bool withKey)
    {
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        if (outgoing.IsApiCall)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        if (withKey)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey!.Reveal());
            if (!string.IsNullOrEmpty(options.OrganizationId))
            {
                request.Headers.TryAddWithoutValidation("X-Organization-Id", options.OrganizationId);
            }
        }

        foreach (var pair in outgoing.Headers ?? Enumerable.Empty<KeyValuePair<string, string>>())
        {
            request.Headers.TryAddWithoutValidation(pair.Key, pair.Value);
        }

        request.Headers.Range = outgoing.Range;
    }

    /// <summary>An API path fit to show (presigned credentials in its query masked).</summary>
    public static string ShowPath(string relativePath) => Secrets.Scrub("/" + relativePath, null);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
