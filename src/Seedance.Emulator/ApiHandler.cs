using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>
/// The API origin: routing, bearer auth, fault injection and the documented error envelopes. Routes are matched by
/// hand because model paths contain slashes (<c>/v1/models/{owner}/{slug...}/runs</c> vs <c>/v1/models/{owner}/{slug...}</c>).
/// </summary>
internal sealed partial class ApiHandler
{
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    private readonly EmulatorOptions options;
    private readonly EmulatorState state;
    private readonly StatsCollector stats;
    private readonly FaultInjector faults;
    private readonly Presigner presigner;
    private readonly RunRepresentation representation;
    private readonly CallbackDispatcher callbacks;
    private readonly Func<Uri> fileOrigin;
    private readonly string apiKey;
    private readonly TimeProvider clock;
    private readonly ConsistencyWindows windows;
    private readonly KeyEcho echo;
    private long requestCounter;

    public ApiHandler(EmulatorOptions options, EmulatorState state, StatsCollector stats, FaultInjector faults, Presigner presigner,
        RunRepresentation representation, CallbackDispatcher callbacks, Func<Uri> fileOrigin, string apiKey, TimeProvider clock, ConsistencyWindows windows,
        KeyEcho echo)
    {
        this.options = options;
        this.echo = echo;
        this.state = state;
        this.stats = stats;
        this.faults = faults;
        this.presigner = presigner;
        this.representation = representation;
        this.callbacks = callbacks;
        this.fileOrigin = fileOrigin;
        this.apiKey = apiKey;
        this.clock = clock;
        this.windows = windows;
    }

    private delegate Task Handler(HttpContext context, string[] segments);

    public async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var segments = (context.Request.Path.Value ?? "/").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (route, handler, isPublic, isControl) = Route(method, segments);
        var requestId = echo.RequestId("req_" + Interlocked.Increment(ref requestCounter).ToString("x8", CultureInfo.InvariantCulture));
        context.Items["request_id"] = requestId;
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
                await Error(context, 401, "UNAUTHORIZED", "Missing or invalid bearer token.");
                return;
            }

            if (handler is null)
            {
                await Error(context, 404, "NOT_FOUND", $"No route {method} {context.Request.Path}.");
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
            await Error(context, exception.StatusCode, exception.StatusCode == 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", exception.Message);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            stats.InternalError();
            await Error(context, 500, "INTERNAL_ERROR", $"The emulator failed: {exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            stats.Response(route, context.Response.StatusCode, ConnectionDrops.WasDropped(context));
        }
    }

    private (string Route, Handler? Handler, bool IsPublic, bool IsControl) Route(string method, string[] s)
    {
        bool Is(string verb) => string.Equals(method, verb, StringComparison.OrdinalIgnoreCase);
        if (s.Length >= 1 && s[0] == "_emulator")
        {
            return (s.Length == 2 ? s[1] : string.Empty) switch
            {
                "stats" when Is("GET") => ("GET /_emulator/stats", GetStats, false, true),
                "balance" when Is("POST") => ("POST /_emulator/balance", PostBalance, false, true),
                "options" when Is("POST") => ("POST /_emulator/options", PostOptions, false, true),
                "options" when Is("GET") => ("GET /_emulator/options", GetOptions, false, true),
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
                return ("GET /v1/health", (context, _) => Json(context, 200, new JsonObject { ["status"] = "ok" }), true, false);
            case "readiness" when Is("GET") && s.Length == 2:
                return ("GET /v1/readiness", (context, _) => Json(context, 200, new JsonObject
                {
                    ["status"] = "ok",
                    ["components"] = new JsonObject { ["database"] = "ok", ["queue"] = "ok", ["storage"] = "ok" },
                }), true, false);
            case "public" when Is("GET") && s.Length == 3 && s[2] == "models":
                return ("GET /v1/public/models", ListModels, true, false);
            case "auth" when Is("GET") && s.Length == 3 && s[2] == "me":
                return ("GET /v1/auth/me", GetMe, false, false);
            case "billing" when Is("GET") && s.Length == 3 && s[2] == "balance":
                return ("GET /v1/billing/balance", GetBalance, false, false);
            case "callback-secrets" when Is("POST") && s.Length == 2:
                return ("POST /v1/callback-secrets", PostCallbackSecret, false, false);
            case "models" when Is("POST") && s.Length >= 4 && s[^1] == "runs":
                return ("POST /v1/models/{model}/runs", CreateRun, false, false);
            case "models" when Is("POST") && s.Length >= 4 && s[^1] == "batches":
                return ("POST /v1/models/{model}/batches", CreateBatch, false, false);
            case "models" when Is("GET") && s.Length == 2:
                return ("GET /v1/models", ListModels, false, false);
            case "models" when Is("GET") && s.Length >= 4:
                return ("GET /v1/models/{owner}/{slug}", GetModel, false, false);
            case "runs" when Is("GET") && s.Length == 2:
                return ("GET /v1/runs", SearchRuns, false, false);
            case "runs" when Is("GET") && s.Length == 3 && s[2] == "statuses":
                return ("GET /v1/runs/statuses", ListStatuses, false, false);
            case "runs" when Is("GET") && s.Length == 3:
                return ("GET /v1/runs/{id}", GetRun, false, false);
            case "runs" when Is("GET") && s.Length == 4 && s[3] == "callback":
                return ("GET /v1/runs/{id}/callback", GetRunCallbackHistory, false, false);
            case "runs" when Is("POST") && s.Length == 4 && s[3] == "callback-redeliveries":
                return ("POST /v1/runs/{id}/callback-redeliveries", RedeliverRunCallback, false, false);
            case "admin" when Is("POST") && s.Length == 5 && s[2] == "runs" && s[4] == "cancellation":
                return ("POST /v1/admin/runs/{id}/cancellation", CancelRun, false, false);
            case "batches" when Is("GET") && s.Length == 3:
                return ("GET /v1/batches/{id}", GetBatch, false, false);
            case "batches" when Is("GET") && s.Length == 4 && s[3] == "callback":
                return ("GET /v1/batches/{id}/callback", GetBatchCallbackHistory, false, false);
            case "asset-uploads" when Is("POST") && s.Length == 2:
                return ("POST /v1/asset-uploads", CreateUpload, false, false);
            case "asset-uploads" when Is("POST") && s.Length == 4 && s[3] == "confirmations":
                return ("POST /v1/asset-uploads/{id}/confirmations", ConfirmUpload, false, false);
            case "assets" when Is("GET") && s.Length == 3:
                return ("GET /v1/assets/{id}", GetAsset, false, false);
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

            await Error(context, 429, "RATE_LIMITED", "Rate limit exceeded: emulated per-organization limit.");
            return true;
        }

        if (faults.Roll(options.Fault5xxRate))
        {
            var status = faults.Pick(500, 502, 503);
            stats.Fault(status.ToString(CultureInfo.InvariantCulture));
            await Error(context, status, status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR", "Emulated server error.");
            return true;
        }

        return false;
    }

    // ------------------------------------------------------------------ responses

    internal static async Task Json(HttpContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonText.Write(body), context.RequestAborted);
    }

    /// <summary>Writes an error in the configured envelope: <c>{code, message, errors, request_id}</c>,
    /// <c>{error: {code, message, request_id}}</c>, or FastAPI's <c>{detail}</c>.</summary>
    internal async Task Error(HttpContext context, int status, string code, string message,
        IReadOnlyList<(string Field, string Message, string Code)>? fields = null)
    {
        var requestId = context.Items["request_id"] as string;
        (code, message, fields) = (echo.Code(code), echo.Message(message)!, echo.Fields(fields));
        JsonObject body;
        switch (options.ErrorStyle)
        {
            case "nested":
                body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["request_id"] = requestId } };
                break;
            case "detail" when fields is { Count: > 0 }:
                body = new JsonObject
                {
                    ["detail"] = new JsonArray(fields.Select(field => (JsonNode)new JsonObject
                    {
                        ["loc"] = new JsonArray(new[] { "body" }.Concat(field.Field.Split('.')).Select(part => (JsonNode?)part).ToArray()),
                        ["msg"] = field.Message,
                        ["type"] = field.Code,
                    }).ToArray()),
                };
                break;
            case "detail":
                body = new JsonObject { ["detail"] = message };
                break;
            default:
                body = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = message,
                    ["errors"] = fields is null
                        ? null
                        : new JsonArray(fields.Select(field => (JsonNode)new JsonObject
                        {
                            ["field"] = field.Field,
                            ["message"] = field.Message,
                            ["code"] = field.Code,
                        }).ToArray()),
                    ["request_id"] = requestId,
                };
                break;
        }

        await Json(context, status, body);
    }

    private Task ValidationError(HttpContext context, string summary, IReadOnlyList<(string Field, string Message, string Code)> problems) =>
        Error(context, 422, "VALIDATION_ERROR", summary + ": " + string.Join("; ", problems.Select(problem => problem.Field + ": " + problem.Message)), problems);

    /// <summary>Reads the body as JSON. Duplicate keys, trailing text, over-deep nesting and invalid strings are malformed (400).</summary>
    private static async Task<(byte[] Raw, JsonNode? Body, bool Malformed)> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var raw = buffer.ToArray();
        if (raw.Length == 0)
        {
            return (raw, null, false);
        }

        try
        {
            var node = JsonNode.Parse(raw, documentOptions: StrictJson);
            // Writing it once rejects what parses but cannot be text, such as a lone UTF-16 surrogate escape ("\ud800").
            _ = node?.ToJsonString();
            return (raw, node, false);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            return (raw, null, true);
        }
    }

    private Task Malformed(HttpContext context) => Error(context, 400, "BAD_REQUEST", "The body is not valid JSON.");

    private static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

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

    private static async Task WriteStoredAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
