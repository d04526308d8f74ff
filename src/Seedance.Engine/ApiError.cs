using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>
/// The body of an API error. Three shapes are documented or seen and all are read: <c>{code, message, errors}</c>
/// (the docs), <c>{error: {code, message}}</c> (the official SDK's tests) and FastAPI's <c>{detail: ...}</c>.
/// </summary>
public sealed class ApiError
{
    public ApiError(string? code, string? message, IReadOnlyList<FieldError>? fieldErrors = null)
    {
        Code = code;
        Message = message;
        FieldErrors = fieldErrors ?? Array.Empty<FieldError>();
    }

    public string? Code { get; }

    public string? Message { get; }

    public IReadOnlyList<FieldError> FieldErrors { get; }

    /// <summary>Reads any of the documented shapes; a body that is not JSON becomes the message (shortened).</summary>
    public static ApiError Parse(string? body) => Read(body, out _);

    /// <summary>Reads the body once, for the error and for the <c>request_id</c> an object body may carry.</summary>
    internal static ApiError Read(string? body, out string? requestId)
    {
        requestId = null;
        if (string.IsNullOrWhiteSpace(body))
        {
            return new ApiError(null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body!);
            requestId = document.RootElement.ValueKind == JsonValueKind.Object ? JsonValues.String(document.RootElement, "request_id") : null;
            return FromElement(document.RootElement);
        }
        catch (JsonException)
        {
            var text = body!.Trim();
            return new ApiError(null, text.Length > 300 ? text.Substring(0, 300) + "..." : text);
        }
    }

    internal static ApiError FromElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ApiError(null, root.ValueKind == JsonValueKind.String ? root.GetString() : root.GetRawText());
        }

        if (JsonValues.TryGet(root, "error", out var nested) && nested.ValueKind == JsonValueKind.Object)
        {
            return new ApiError(JsonValues.String(nested, "code", "type"), JsonValues.String(nested, "message", "detail"), FieldErrorsOf(nested));
        }

        if (JsonValues.TryGet(root, "detail", out var detail))
        {
            if (detail.ValueKind == JsonValueKind.Array)
            {
                var fields = detail.EnumerateArray().Select(FastApiItem).ToList();
                return new ApiError(JsonValues.String(root, "code") ?? "VALIDATION_ERROR",
                    JsonValues.String(root, "message") ?? string.Join("; ", fields.Select(field => field.ToString())), fields);
            }

            if (detail.ValueKind == JsonValueKind.String)
            {
                return new ApiError(JsonValues.String(root, "code"), detail.GetString(), FieldErrorsOf(root));
            }
        }

        return new ApiError(JsonValues.String(root, "code", "error_type", "error"), JsonValues.String(root, "message", "msg"), FieldErrorsOf(root));
    }

    private static IReadOnlyList<FieldError> FieldErrorsOf(JsonElement element)
    {
        if (!JsonValues.TryGet(element, "errors", out var errors))
        {
            return Array.Empty<FieldError>();
        }

        var list = new List<FieldError>();
        if (errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in errors.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(new FieldError(null, item.GetString()));
                }
                else if (JsonValues.TryGet(item, "loc", out _))
                {
                    list.Add(FastApiItem(item));
                }
                else
                {
                    list.Add(new FieldError(JsonValues.String(item, "field", "path", "name", "param"),
                        JsonValues.String(item, "message", "msg", "detail"), JsonValues.String(item, "code", "type")));
                }
            }
        }
        else if (errors.ValueKind == JsonValueKind.Object)
        {
            // {"field": ["message", ...]} or {"field": "message"}
            foreach (var property in errors.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    list.AddRange(property.Value.EnumerateArray().Select(message => new FieldError(property.Name,
                        message.ValueKind == JsonValueKind.String ? message.GetString() : message.GetRawText())));
                }
                else
                {
                    list.Add(new FieldError(property.Name,
                        property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText()));
                }
            }
        }

        return list;
    }

    private static FieldError FastApiItem(JsonElement item)
    {
        string? field = null;
        if (JsonValues.TryGet(item, "loc", out var location) && location.ValueKind == JsonValueKind.Array)
        {
            field = string.Join(".", location.EnumerateArray()
                .Select(part => part.ValueKind == JsonValueKind.String ? part.GetString() : part.GetRawText())
                .Where(part => part != "body"));
        }

        return new FieldError(field, JsonValues.String(item, "msg", "message"), JsonValues.String(item, "type", "code"));
    }
}
