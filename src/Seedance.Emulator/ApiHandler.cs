using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>
/// The API origin: routing, bearer auth, fault injection and the documented error envelopes. Routes are matched by
/// hand because model paths contain slashes (<c>/v1/models/{owner}/{slug...}/runs</c> vs <c>/v1/models/{owner}/{slug...}</c>).
/// </summary>
internal sealed class ApiHandler
{
    private readonly EmulatorOptions options;
    private readonly StatsCollector stats;
    private readonly FaultInjector faults;
    private readonly string apiKey;
    private readonly TimeProvider clock;
    private readonly KeyEcho echo;
    private readonly LifecycleScheduler lifecycle;
    private readonly ApiResponses responses;
    private readonly RunEndpoints runs;
    private readonly BatchEndpoints batches;
    private readonly SearchEndpoint search;
    private readonly AccountEndpoints account;
    private readonly AssetEndpoints assets;
    private readonly ControlEndpoints control;
    private long requestCounter;

    public ApiHandler(EmulatorOptions options, EmulatorState state, StatsCollector stats, FaultInjector faults, Presigner presigner,
        RunRepresentation runRepresentation, BatchRepresentation batchRepresentation, CallbackDispatcher callbacks, LifecycleScheduler lifecycle,
        Func<Uri> fileOrigin, string apiKey, TimeProvider clock, ConsistencyWindows windows, KeyEcho echo)
    {
        this.options = options;
        this.stats = stats;
        this.faults = faults;
        this.apiKey = apiKey;
        this.clock = clock;
        this.echo = echo;
        this.lifecycle = lifecycle;
        responses = new ApiResponses(options, echo);
        var lookup = new ApiLookup(state, responses);
        var creates = new CreateFlow(options, state, stats, faults, clock, responses, lookup);
        var factory = new RunFactory(state, stats, clock);
        runs = new RunEndpoints(options, state, runRepresentation, callbacks, clock, windows, responses, lookup, creates, factory);
        batches = new BatchEndpoints(options, state, batchRepresentation, callbacks, responses, lookup, creates, factory);
        search = new SearchEndpoint(options, state, runRepresentation, clock, windows, responses);
        account = new AccountEndpoints(options, state, clock, apiKey, responses, lookup);
        assets = new AssetEndpoints(options, state, presigner, fileOrigin, clock, responses, lookup);
        control = new ControlEndpoints(options, state, stats, responses);
    }

    private delegate Task Handler(HttpContext context, string[] segments);

    public async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var segments = (context.Request.Path.Value ?? "/").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (route, handler, isPublic, isControl) = Route(method, segments);
        var requestId = echo.RequestId("req_" + Interlocked.Increment(ref requestCounter).ToString("x8", CultureInfo.InvariantCulture));
        ApiRequest.SetRequestId(context, requestId);
        context.Response.Headers["X-Request-Id"] = requestId;
        // Accepted with any value and echoed: the emulator has one organization, so the header changes nothing else.
        if (context.Request.Headers.TryGetValue("X-Organization-Id", out var organization) && organization.Count > 0)
        {
            context.Response.Headers["X-Organization-Id"] = organization.ToString();
        }

        stats.Request(route);
        try
        {
            if (!isPublic && !Authorized(context))
            {
                await responses.Error(context, 401, "UNAUTHORIZED", "Missing or invalid bearer token.");
                return;
            }

            if (handler is null)
            {
                await responses.Error(context, 404, "NOT_FOUND", $"No route {method} {context.Request.Path}.");
                return;
            }

            if (!isControl && await InjectFaultAsync(context))
            {
                return;
            }

            await handler(context, segments);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or a fault dropped the connection); there is nobody to answer.
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            // Kestrel's own refusals while the body is read, e.g. 413 for a body over the size limit.
            await responses.Error(context, exception.StatusCode, exception.StatusCode == 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", exception.Message);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            stats.InternalError();
            await responses.Error(context, 500, "INTERNAL_ERROR", $"The emulator failed: {exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            stats.Response(route, context.Response.StatusCode, ConnectionDrops.WasDropped(context));
            // Anything but a read may have changed what is due: a new run, a cancellation, a changed option.
            if (!HttpMethods.IsGet(method))
            {
                lifecycle.Nudge();
            }
        }
    }

    private (string Route, Handler? Handler, bool IsPublic, bool IsControl) Route(string method, string[] s)
    {
        bool Is(string verb) => string.Equals(method, verb, StringComparison.OrdinalIgnoreCase);
        if (s.Length >= 1 && s[0] == "_emulator")
        {
            return (s.Length == 2 ? s[1] : string.Empty) switch
            {
                "stats" when Is("GET") => ("GET /_emulator/stats", control.GetStats, false, true),
                "balance" when Is("POST") => ("POST /_emulator/balance", control.PostBalance, false, true),
                "options" when Is("POST") => ("POST /_emulator/options", control.PostOptions, false, true),
                "options" when Is("GET") => ("GET /_emulator/options", control.GetOptions, false, true),
                _ => ($"{method} /_emulator/?", null, false, true),
            };
        }

        if (s.Length < 2 || s[0] != "v1")
        {
            return ($"{method} ?", null, true, false);
        }

        switch (s[1])
        {
            case "health" when Is("GET") && s.Length == 2:
                return ("GET /v1/health", (context, _) => ApiResponses.Json(context, 200, new JsonObject { ["status"] = "ok" }), true, false);
            case "readiness" when Is("GET") && s.Length == 2:
                return ("GET /v1/readiness", (context, _) => ApiResponses.Json(context, 200, new JsonObject
                {
                    ["status"] = "ok",
                    ["components"] = new JsonObject { ["database"] = "ok", ["queue"] = "ok", ["storage"] = "ok" },
                }), true, false);
            case "public" when Is("GET") && s.Length == 3 && s[2] == "models":
                return ("GET /v1/public/models", account.ListModels, true, false);
            case "auth" when Is("GET") && s.Length == 3 && s[2] == "me":
                return ("GET /v1/auth/me", account.GetMe, false, false);
            case "billing" when Is("GET") && s.Length == 3 && s[2] == "balance":
                return ("GET /v1/billing/balance", account.GetBalance, false, false);
            case "callback-secrets" when Is("POST") && s.Length == 2:
                return ("POST /v1/callback-secrets", account.PostCallbackSecret, false, false);
            case "models" when Is("POST") && s.Length >= 4 && s[^1] == "runs":
                return ("POST /v1/models/{model}/runs", runs.Create, false, false);
            case "models" when Is("POST") && s.Length >= 4 && s[^1] == "batches":
                return ("POST /v1/models/{model}/batches", batches.Create, false, false);
            case "models" when Is("GET") && s.Length == 2:
                return ("GET /v1/models", account.ListModels, false, false);
            case "models" when Is("GET") && s.Length >= 4:
                return ("GET /v1/models/{owner}/{slug}", account.GetModel, false, false);
            case "runs" when Is("GET") && s.Length == 2:
                return ("GET /v1/runs", search.Search, false, false);
            case "runs" when Is("GET") && s.Length == 3 && s[2] == "statuses":
                return ("GET /v1/runs/statuses", runs.ListStatuses, false, false);
            case "runs" when Is("GET") && s.Length == 3:
                return ("GET /v1/runs/{id}", runs.Get, false, false);
            case "runs" when Is("GET") && s.Length == 4 && s[3] == "callback":
                return ("GET /v1/runs/{id}/callback", runs.GetCallbackHistory, false, false);
            case "runs" when Is("POST") && s.Length == 4 && s[3] == "callback-redeliveries":
                return ("POST /v1/runs/{id}/callback-redeliveries", runs.RedeliverCallback, false, false);
            case "admin" when Is("POST") && s.Length == 5 && s[2] == "runs" && s[4] == "cancellation":
                return ("POST /v1/admin/runs/{id}/cancellation", runs.Cancel, false, false);
            case "batches" when Is("GET") && s.Length == 3:
                return ("GET /v1/batches/{id}", batches.Get, false, false);
            case "batches" when Is("GET") && s.Length == 4 && s[3] == "callback":
                return ("GET /v1/batches/{id}/callback", batches.GetCallbackHistory, false, false);
            case "asset-uploads" when Is("POST") && s.Length == 2:
                return ("POST /v1/asset-uploads", assets.CreateUpload, false, false);
            case "asset-uploads" when Is("POST") && s.Length == 4 && s[3] == "confirmations":
                return ("POST /v1/asset-uploads/{id}/confirmations", assets.ConfirmUpload, false, false);
            case "assets" when Is("GET") && s.Length == 3:
                return ("GET /v1/assets/{id}", assets.GetAsset, false, false);
            default:
                return ($"{method} /v1/{s[1]}/?", null, false, false);
        }
    }

    private bool Authorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), Encoding.UTF8.GetBytes(apiKey));
    }

    private async Task<bool> InjectFaultAsync(HttpContext context)
    {
        if (faults.Roll(options.FaultSlowRate))
        {
            stats.Fault("slow");
            await Task.Delay(TimeSpan.FromMilliseconds(options.FaultSlowMs), clock, context.RequestAborted);
        }

        if (faults.Roll(options.Fault429Rate))
        {
            var withRetryAfter = faults.Roll(options.Fault429RetryAfterShare);
            stats.Fault(withRetryAfter ? "429_retry_after" : "429");
            if (withRetryAfter)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await responses.Error(context, 429, "RATE_LIMITED", "Rate limit exceeded: emulated per-organization limit.");
            return true;
        }

        if (faults.Roll(options.Fault5xxRate))
        {
            var status = faults.Pick(500, 502, 503);
            stats.Fault(status.ToString(CultureInfo.InvariantCulture));
            await responses.Error(context, status, status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR", "Emulated server error.");
            return true;
        }

        return false;
    }
}
