using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>
/// The API origin: routing, bearer auth, fault injection and the documented error envelopes. Routes are matched by
/// hand because model paths contain slashes (<c>/v1/models/{owner}/{slug...}/runs</c> vs <c>/v1/models/{owner}/{slug...}</c>).
/// </summary>
internal sealed partial class ApiHandler
{
    private readonly EmulatorOptions options;
    private readonly EmulatorState state;
    private readonly StatsCollector stats;
    private readonly FaultInjector faults;
    private readonly Presigner presigner;
    private readonly RunRepresentation representation;
    private readonly CallbackDispatcher callbacks;
    private readonly Func<Uri> fileOrigin;
    private readonly string apiKey;
    private long requestCounter;

    public ApiHandler(EmulatorOptions options, EmulatorState state, StatsCollector stats, FaultInjector faults, Presigner presigner,
        RunRepresentation representation, CallbackDispatcher callbacks, Func<Uri> fileOrigin, string apiKey)
    {
        this.options = options;
        this.state = state;
        this.stats = stats;
        this.faults = faults;
        this.presigner = presigner;
        this.representation = representation;
        this.callbacks = callbacks;
        this.fileOrigin = fileOrigin;
        this.apiKey = apiKey;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var segments = (context.Request.Path.Value ?? "/").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (route, handler, isPublic, isControl) = Route(method, segments);
        var requestId = "req_" + System.Threading.Interlocked.Increment(ref requestCounter).ToString("x8", CultureInfo.InvariantCulture);
        context.Items["request_id"] = requestId;
        context.Response.Headers["X-Request-Id"] = requestId;
        stats.Request(route);
        try
        {
            if (handler is null)
            {
                await Error(context, 404, "NOT_FOUND", $"No route {method} {context.Request.Path}.");
                return;
            }

            if (!isPublic && !Authorized(context))
            {
                await Error(context, 401, "UNAUTHORIZED", "Missing or invalid bearer token.");
                return;
            }

            if (!isControl && await InjectFaultAsync(context))
            {
                return;
            }

            await handler(context, segments);
        }
        finally
        {
            stats.Response(route, context.Response.StatusCode);
        }
    }

    private (string Route, Func<HttpContext, string[], Task>? Handler, bool IsPublic, bool IsControl) Route(string method, string[] s)
    {
        bool Is(string verb) => string.Equals(method, verb, StringComparison.OrdinalIgnoreCase);
        if (s.Length >= 2 && s[0] == "_emulator")
        {
            return (s[1], Is("GET"), s.Length) switch
            {
                ("stats", true, 2) => ("GET /_emulator/stats", GetStats, false, true),
                ("balance", false, 2) when Is("POST") => ("POST /_emulator/balance", PostBalance, false, true),
                ("options", false, 2) when Is("POST") => ("POST /_emulator/options", PostOptions, false, true),
                _ => ("? /_emulator", null, false, true),
            };
        }

        if (s.Length < 2 || s[0] != "v1")
        {
            return ("?", null, true, false);
        }

        switch (s[1])
        {
            case "health" when Is("GET") && s.Length == 2:
                return ("GET /v1/health", (context, _) => Json(context, 200, new JsonObject { ["status"] = "ok" }), true, false);
            case "readiness" when Is("GET") && s.Length == 2:
                return ("GET /v1/readiness", (context, _) => Json(context, 200, new JsonObject { ["status"] = "ok", ["components"] = new JsonObject { ["database"] = "ok" } }), true, false);
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
            case "runs" when Is("GET") && s.Length == 3:
                return ("GET /v1/runs/{id}", GetRun, false, false);
            case "runs" when Is("GET") && s.Length == 4 && s[3] == "callback":
                return ("GET /v1/runs/{id}/callback", GetCallbackHistory, false, false);
            case "admin" when Is("POST") && s.Length == 5 && s[2] == "runs" && s[4] == "cancellation":
                return ("POST /v1/admin/runs/{id}/cancellation", CancelRun, false, false);
            case "batches" when Is("GET") && s.Length == 3:
                return ("GET /v1/batches/{id}", GetBatch, false, false);
            case "asset-uploads" when Is("POST") && s.Length == 2:
                return ("POST /v1/asset-uploads", CreateUpload, false, false);
            case "asset-uploads" when Is("POST") && s.Length == 4 && s[3] == "confirmations":
                return ("POST /v1/asset-uploads/{id}/confirmations", ConfirmUpload, false, false);
            case "assets" when Is("GET") && s.Length == 3:
                return ("GET /v1/assets/{id}", GetAsset, false, false);
            default:
                return ($"{method} /v1/{s[1]}", null, false, false);
        }
    }

    private bool Authorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), Encoding.UTF8.GetBytes(apiKey));
    }

    private async Task<bool> InjectFaultAsync(HttpContext context)
    {
        if (faults.Roll(options.FaultSlowRate))
        {
            stats.Fault("slow");
            await Task.Delay(options.FaultSlowMs, context.RequestAborted);
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
        await context.Response.WriteAsync(JsonText.Write(body));
    }

    internal async Task Error(HttpContext context, int status, string code, string message,
        IReadOnlyList<(string Field, string Message, string Code)>? fields = null)
    {
        var requestId = context.Items["request_id"] as string;
        JsonObject body;
        switch (options.ErrorStyle)
        {
            case "nested":
                body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
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
            return (raw, JsonNode.Parse(raw), false);
        }
        catch (JsonException)
        {
            return (raw, null, true);
        }
    }

    private static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    // ------------------------------------------------------------------ control routes (emulator only)

    private Task GetStats(HttpContext context, string[] _)
    {
        var snapshot = stats.Snapshot(state);
        return Json(context, 200, JsonSerializer.SerializeToNode(snapshot, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
    }

    private async Task PostBalance(HttpContext context, string[] _)
    {
        var (_, body, malformed) = await ReadBodyAsync(context);
        if (malformed || body is not JsonObject change)
        {
            await Error(context, 400, "BAD_REQUEST", "Send {\"set\": n} or {\"add\": n}.");
            return;
        }

        if (change["set"] is JsonValue set)
        {
            state.SetBalance(set.GetValue<decimal>());
        }

        if (change["add"] is JsonValue add)
        {
            state.AddBalance(add.GetValue<decimal>());
        }

        await Json(context, 200, new JsonObject { ["balance"] = state.Balance });
    }

    private async Task PostOptions(HttpContext context, string[] _)
    {
        var (_, body, malformed) = await ReadBodyAsync(context);
        if (malformed || body is not JsonObject changes)
        {
            await Error(context, 400, "BAD_REQUEST", "Send a JSON object of options in snake_case.");
            return;
        }

        var properties = typeof(EmulatorOptions).GetProperties()
            .ToDictionary(property => JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name), StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (!properties.TryGetValue(name, out var property) || !property.CanWrite)
            {
                await Error(context, 400, "BAD_REQUEST", $"Unknown option '{name}'.");
                return;
            }

            property.SetValue(options, value.Deserialize(property.PropertyType));
        }

        await Json(context, 200, JsonSerializer.SerializeToNode(options, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
    }
}
