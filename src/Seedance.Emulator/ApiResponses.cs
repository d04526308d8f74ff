using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>How the API answers: JSON bodies, and errors in the configured envelope with the request id.</summary>
internal sealed class ApiResponses(EmulatorOptions options, KeyEcho echo)
{
    public static Task Json(HttpContext context, int status, JsonNode? body) => Text(context, status, JsonText.Write(body));

    /// <summary>Writes a body that is already JSON text, such as an answer stored for an Idempotency-Key.</summary>
    public static async Task Text(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>Writes an error in the configured envelope: <c>{code, message, errors, request_id}</c>,
    /// <c>{error: {code, message, request_id}}</c>, or FastAPI's <c>{detail}</c>.</summary>
    public Task Error(HttpContext context, int status, string code, string message,
        IReadOnlyList<(string Field, string Message, string Code)>? fields = null)
    {
        var requestId = ApiRequest.RequestId(context);
        (code, message, fields) = (echo.Code(code), echo.Message(message)!, echo.Fields(fields));
        var body = options.ErrorStyle switch
        {
            "nested" => new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["request_id"] = requestId } },
            "detail" when fields is { Count: > 0 } => new JsonObject
            {
                ["detail"] = new JsonArray(fields.Select(field => (JsonNode)new JsonObject
                {
                    ["loc"] = new JsonArray(new[] { "body" }.Concat(field.Field.Split('.')).Select(part => (JsonNode?)part).ToArray()),
                    ["msg"] = field.Message,
                    ["type"] = field.Code,
                }).ToArray()),
            },
            "detail" => new JsonObject { ["detail"] = message },
            _ => new JsonObject
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
            },
        };
        return Json(context, status, body);
    }

    public Task ValidationError(HttpContext context, string summary, IReadOnlyList<(string Field, string Message, string Code)> problems) =>
        Error(context, 422, "VALIDATION_ERROR", summary + ": " + string.Join("; ", problems.Select(problem => problem.Field + ": " + problem.Message)), problems);

    public Task Malformed(HttpContext context) => Error(context, 400, "BAD_REQUEST", "The body is not valid JSON.");

    public Task NotFound(HttpContext context, NotFoundAnswer answer) => Error(context, 404, answer.Code, answer.Message);
}
