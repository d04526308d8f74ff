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
/// The Runflow API for Seedance. One instance holds one HttpClient, is thread-safe and is meant to be shared by every
/// caller of a session. Per-call headers (Authorization, X-Organization-Id, Idempotency-Key) go on each request, never
/// on the shared client; the key is sent only to the API's own origin.
/// </summary>
public sealed partial class RunflowClient : IDisposable
{
    /// <summary>The documented page size range of GET /v1/runs is 1–500.</summary>
    public const int MaxSearchLimit = 500;

    private const int MaxRedirects = 5;
    private readonly RunflowClientOptions options;
    private readonly HttpClient http;
    private readonly BackoffStrategy backoff;
    private readonly Uri apiBase;

    public RunflowClient(RunflowClientOptions options)
        : this(options, null)
    {
    }

    internal RunflowClient(RunflowClientOptions options, HttpMessageHandler? handler)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        this.options = options.Clone();
        this.options.Validate();
        var baseText = this.options.BaseUri.GetLeftPart(UriPartial.Path);
        apiBase = new Uri(baseText.EndsWith("/", StringComparison.Ordinal) ? baseText : baseText + "/");
        backoff = new BackoffStrategy(this.options.Retry);
        http = new HttpClient(handler ?? CreateHandler(this.options), disposeHandler: true)
        {
            // Per-request timeouts instead: an overall timeout would cut off long downloads.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>A copy of the settings (the key stays masked in its text form).</summary>
    public RunflowClientOptions Options => options.Clone();

    public Uri BaseUri => options.BaseUri;

    internal BackoffStrategy Backoff => backoff;

    internal EngineClock Clock => options.Clock;

    public void Dispose() => http.Dispose();

    private static HttpMessageHandler CreateHandler(RunflowClientOptions options)
    {
        var handler = new HttpClientHandler
        {
            // Redirects are followed by hand so that Authorization never follows one to another origin.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
        };
        try
        {
            handler.MaxConnectionsPerServer = options.MaxConnectionsPerServer;
        }
        catch (PlatformNotSupportedException)
        {
            // Very old .NET Framework builds: ServicePointManager below still raises the limit.
        }

        if (System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase)
            && ServicePointManager.DefaultConnectionLimit < options.MaxConnectionsPerServer)
        {
            ServicePointManager.DefaultConnectionLimit = options.MaxConnectionsPerServer;
        }

        if (options.Proxy is not null)
        {
            handler.Proxy = new WebProxy(options.Proxy);
            handler.UseProxy = true;
        }

        return handler;
    }

    // ---------------------------------------------------------------- plain operations

    public async Task<AuthInfo> GetAuthInfoAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/auth/me", null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, AuthInfo.FromElement, "the account");
    }

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/runs/" + EncodeRunId(runId), null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, Run.FromElement, "a run");
    }

    /// <summary>Admin cancellation (<c>POST /v1/admin/runs/{id}/cancellation</c>); no refund, and a run already terminal is
    /// returned unchanged.</summary>
    public async Task<Run> CancelRunAsync(string runId, string? reason, CancellationToken cancellationToken = default)
    {
        if (reason is not null && (reason.Length < 3 || reason.Length > 500))
        {
            throw new RunflowValidationException("reason", reason, "The cancellation reason must be 3 to 500 characters.");
        }

        var body = PlainJson.SerializeToUtf8(new Dictionary<string, object?> { ["reason"] = reason });
        var response = await SendAsync(HttpMethod.Post, $"v1/admin/runs/{EncodeRunId(runId)}/cancellation", body, null, cancellationToken)
            .ConfigureAwait(false);
        return ParseBody(response, Run.FromElement, "the canceled run");
    }

    public async Task<IReadOnlyList<ModelInfo>> GetModelsAsync(string? query, CancellationToken cancellationToken = default)
    {
        var path = "v1/models?limit=100" + (string.IsNullOrWhiteSpace(query) ? string.Empty : "&q=" + Uri.EscapeDataString(query!.Trim()));
        var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, root =>
        {
            var items = root.ValueKind == JsonValueKind.Array ? root : JsonValues.TryGet(root, "items", out var list) ? list : default;
            if (items.ValueKind != JsonValueKind.Array)
            {
                throw new RunflowProtocolException("The model search answer has no items array.");
            }

            return (IReadOnlyList<ModelInfo>)items.EnumerateArray().Select(ModelInfo.FromElement).ToList();
        }, "the model catalog");
    }

    public async Task<ModelInfo> GetModelAsync(string modelPath, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/models/" + EncodeModelPath(modelPath), null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, ModelInfo.FromElement, "a model");
    }

    public async Task<Balance> GetBalanceAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "v1/billing/balance", null, null, cancellationToken).ConfigureAwait(false);
        return ParseBody(response, Balance.FromElement, "the balance");
    }

    // ---------------------------------------------------------------- paths

    /// <summary>Encodes each segment of a model path on its own; empty, "." and ".." segments are refused here, before
    /// they could address another route.</summary>
    public static string EncodeModelPath(string modelPath)
    {
        var segments = (modelPath ?? string.Empty).Trim().Trim('/').Split('/');
        if (segments.Length < 2 || segments.Any(segment => segment.Length == 0 || segment == "." || segment == ".."))
        {
            throw new RunflowValidationException("model", modelPath,
                $"'{modelPath}' is not a model path such as {SeedanceModels.TextToVideo}.");
        }

        return string.Join("/", segments.Select(Uri.EscapeDataString));
    }

    internal static string EncodeRunId(string runId)
    {
        var id = (runId ?? string.Empty).Trim();
        if (id.Length == 0 || id.Contains("/") || id.Contains("\\") || id == "." || id == ".." || id.Any(char.IsControl))
        {
            throw new RunflowValidationException("runId", runId, $"'{runId}' is not a run id.");
        }

        return Uri.EscapeDataString(id);
    }

    private static void Add(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }

    // ---------------------------------------------------------------- transport

    /// <summary>Sends a request that is safe to repeat, retrying transient failures; returns a success or throws.</summary>
    internal async Task<ApiResponse> SendAsync(HttpMethod method, string relativePath, byte[]? body,
        IDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var maxAttempts = Math.Max(1, options.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            ApiResponse response;
            try
            {
                response = await SendOnceAsync(method, relativePath, body, headers, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (RunflowTransportException failure) when (attempt < maxAttempts && !cancellationToken.IsCancellationRequested)
            {
                await WaitBeforeRetryAsync(method, relativePath, attempt + 1, null, failure.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccess)
            {
                return response;
            }

            if (response.IsTransient && attempt < maxAttempts)
            {
                await WaitBeforeRetryAsync(method, relativePath, attempt + 1, response.RetryAfter, $"status {response.StatusCode}", cancellationToken)
                    .ConfigureAwait(false);
                continue;
            }

            throw ToException(method, relativePath, response);
        }
    }

    internal async Task WaitBeforeRetryAsync(HttpMethod method, string relativePath, int nextAttempt, TimeSpan? retryAfter, string reason,
        CancellationToken cancellationToken)
    {
        var delay = backoff.Delay(nextAttempt, retryAfter);
        RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Retry, method.Method, ShowPath(relativePath), null, delay, nextAttempt,
            $"retrying in {delay.TotalMilliseconds:0} ms after {reason}"));
        await options.Clock.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One attempt, following redirects; network failures and timeouts become <see cref="RunflowTransportException"/>.</summary>
    internal async Task<ApiResponse> SendOnceAsync(HttpMethod method, string relativePath, byte[]? body,
        IDictionary<string, string>? headers, int attempt, CancellationToken cancellationToken)
    {
        var target = new Uri(apiBase, relativePath);
        var stopwatch = Stopwatch.StartNew();
        if (RunflowTrace.IsActive)
        {
            RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Request, method.Method, ShowPath(relativePath), null, null, attempt,
                string.Empty));
        }

        if (body is not null && RunflowTrace.WantsBodies)
        {
            RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Body, method.Method, ShowPath(relativePath), null, null, attempt,
                "request body", Secrets.Scrub(Encoding.UTF8.GetString(body), options.ApiKey)));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        SentBodyContent? sentBody = null;
        try
        {
            var currentMethod = method;
            var currentBody = body;
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(currentMethod, target);
                var sameOrigin = IsApiOrigin(target);
                ApplyHeaders(request, sameOrigin, headers);
                if (currentBody is not null)
                {
                    // Exactly the documented media type (JSON is UTF-8 by definition; a strict server may compare the whole value).
                    sentBody = new SentBodyContent(currentBody);
                    request.Content = sentBody;
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location && redirects < MaxRedirects)
                {
                    target = location.IsAbsoluteUri ? location : new Uri(target, location);
                    if (status == 303 || ((status is 301 or 302) && currentMethod == HttpMethod.Post))
                    {
                        currentMethod = HttpMethod.Get;
                        currentBody = null;
                    }

                    continue;
                }

                // Every string later copied out of an answer (request ids, messages, codes, field errors, failure messages,
                // the run's own JSON) comes from here, so a gateway that echoes the key cannot put it in any of them.
                var text = Secrets.WithoutKey(
                    response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false), options.ApiKey);
                var requestId = Header(response, "X-Request-Id") ?? Header(response, "Runflow-Request-Id") ?? Header(response, "Request-Id");
                var result = new ApiResponse(status, text, requestId is null ? null : Secrets.Scrub(requestId, options.ApiKey), RetryAfterOf(response));
                stopwatch.Stop();
                if (RunflowTrace.IsActive)
                {
                    RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Response, method.Method, ShowPath(relativePath), status,
                        stopwatch.Elapsed, attempt, string.Empty));
                }

                if (RunflowTrace.WantsBodies && text.Length > 0)
                {
                    RunflowTrace.Write(new RunflowTraceEvent(RunflowTraceEventKind.Body, method.Method, ShowPath(relativePath), status, null,
                        attempt, "response body", Secrets.Scrub(text.Length > 20000 ? text.Substring(0, 20000) + "..." : text, options.ApiKey)));
                }

                return result;
            }
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RunflowTransportException(
                $"{method.Method} {ShowPath(relativePath)} got no answer within {options.RequestTimeout.TotalSeconds:0} s.", true, exception,
                requestMayHaveArrived: body is null || sentBody is { Started: true });
        }
        catch (HttpRequestException exception)
        {
            var nothingSent = RunflowTransportException.ProvesNothingSent(exception) || (body is not null && sentBody is not { Started: true });
            throw new RunflowTransportException(
                $"{method.Method} {ShowPath(relativePath)} failed on the network{(nothingSent ? " before anything was sent" : string.Empty)}: {Secrets.Scrub(exception.GetBaseException().Message, options.ApiKey)}",
                false, exception, requestMayHaveArrived: !nothingSent);
        }
        catch (IOException exception)
        {
            throw new RunflowTransportException(
                $"{method.Method} {ShowPath(relativePath)} lost its connection: {Secrets.Scrub(exception.Message, options.ApiKey)}", false, exception,
                requestMayHaveArrived: body is null || sentBody is { Started: true });
        }
    }

    private void ApplyHeaders(HttpRequestMessage request, bool toApiOrigin, IDictionary<string, string>? headers)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        if (toApiOrigin)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey!.Reveal());
            if (!string.IsNullOrEmpty(options.OrganizationId))
            {
                request.Headers.TryAddWithoutValidation("X-Organization-Id", options.OrganizationId);
            }
        }

        if (headers is not null)
        {
            foreach (var pair in headers)
            {
                request.Headers.TryAddWithoutValidation(pair.Key, pair.Value);
            }
        }
    }

    internal bool IsApiOrigin(Uri target) =>
        string.Equals(target.Scheme, apiBase.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(target.Host, apiBase.Host, StringComparison.OrdinalIgnoreCase)
        && target.Port == apiBase.Port;

    internal RunflowApiException ToException(HttpMethod method, string relativePath, ApiResponse response)
    {
        var error = ApiError.Parse(Secrets.Scrub(response.Body, options.ApiKey));
        if (error.Code is null && error.Message is null)
        {
            error = new ApiError(null, DefaultMessage(response.StatusCode), error.FieldErrors);
        }

        var requestId = response.RequestId;
        if (requestId is null && response.Body.Length > 0 && response.Body.TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            try
            {
                using var document = JsonDocument.Parse(response.Body);
                requestId = JsonValues.String(document.RootElement, "request_id") is { } fromBody ? Secrets.Scrub(fromBody, options.ApiKey) : null;
            }
            catch (JsonException)
            {
                // The body was not JSON; the status and message say enough.
            }
        }

        var path = relativePath.Split('?')[0];
        return new RunflowApiException(response.StatusCode, error, method.Method, "/" + path, requestId, response.RetryAfter);
    }

    internal T ParseBody<T>(ApiResponse response, Func<JsonElement, T> read, string what)
    {
        using var document = JsonValues.Parse(response.Body, what, response.RequestId);
        try
        {
            return read(document.RootElement);
        }
        catch (InvalidOperationException exception)
        {
            throw new RunflowProtocolException($"The server sent {what} of an unexpected shape: {exception.Message}", exception, response.RequestId);
        }
    }

    private static string ShowPath(string relativePath) => Secrets.Scrub("/" + relativePath, null);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        // The HTTP-date form is ignored, as the reference advises: a clock skew between us and the API would turn it into
        // no wait or a very long one. Exponential backoff applies instead.
        return null;
    }

    private static string DefaultMessage(int status) => status switch
    {
        401 => "The API key is missing or invalid.",
        402 => "The organization's credit balance is exhausted.",
        403 => "Permission denied.",
        404 => "Not found.",
        409 => "Conflict.",
        422 => "The request was rejected as invalid.",
        429 => "Rate limit exceeded.",
        _ => "HTTP " + status + ".",
    };
}
