using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Seedance.Engine;

/// <summary>
/// The one set of input rules: the documented per-model input of Seedance 2.0 (runflow-api.md §10), the client ref,
/// the callback URL and local image files, checked before anything is sent so a bad value costs nothing. Models this
/// engine does not know get no per-model check (the API's own 422 still applies). The cmdlets map what these report
/// to their ErrorIds; the create and upload paths refuse the same values with <see cref="RunflowValidationException"/>.
/// </summary>
public static class SeedanceInputValidator
{
    /// <summary>The documented client_ref limit.</summary>
    public const int MaxClientRefLength = 255;

    /// <summary>The documented callback_url limit.</summary>
    public const int MaxCallbackUrlLength = 2048;

    /// <summary>"max 30 MB" per the model pages, read the stricter way (decimal megabytes); the upload route itself
    /// takes 50 MiB, so nothing this lets through is refused there.</summary>
    public const long MaxImageBytes = 30_000_000;

    private static readonly Dictionary<string, string> ImageMimeTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".webp"] = "image/webp",
    };

    private static readonly HashSet<string> TextFields = new(StringComparer.Ordinal)
    {
        "prompt", "aspect_ratio", "duration", "resolution", "generate_audio", "seed", "end_user_id",
    };

    private static readonly HashSet<string> ImageFields = new(TextFields.Concat(new[] { "image_url", "end_image_url" }), StringComparer.Ordinal);

    public static IReadOnlyList<FieldError> Validate(string model, IDictionary<string, object?> input)
    {
        var problems = new List<FieldError>();
        if (!SeedanceModels.IsKnown(model))
        {
            return problems;
        }

        var isImageModel = SeedanceModels.RequiresImage(model);
        var allowed = isImageModel ? ImageFields : TextFields;
        foreach (var field in input.Keys.Where(field => !allowed.Contains(field)))
        {
            problems.Add(new FieldError("input." + field,
                field is "image_url" or "end_image_url"
                    ? $"{model} is a text-to-video model and takes no {field}; use {SeedanceModels.ImageToVideo}."
                    : $"{model} has no input named '{field}'.", "unknown_field"));
        }

        if (!input.TryGetValue("prompt", out var prompt) || prompt is not string text || text.Trim().Length == 0)
        {
            problems.Add(new FieldError("input.prompt", "A prompt is required (a non-empty string).", "required"));
        }

        CheckEnum(input, "aspect_ratio", SeedanceModels.AspectRatios, problems);
        CheckEnum(input, "duration", SeedanceModels.Durations, problems);
        CheckEnum(input, "resolution", SeedanceModels.Resolutions, problems);
        if (input.TryGetValue("generate_audio", out var audio) && audio is not bool)
        {
            problems.Add(new FieldError("input.generate_audio", "generate_audio must be true or false.", "type"));
        }

        foreach (var field in new[] { "seed", "end_user_id" })
        {
            if (input.TryGetValue(field, out var value) && value is not string)
            {
                problems.Add(new FieldError("input." + field, $"{field} must be a string.", "type"));
            }
        }

        if (isImageModel)
        {
            if (!input.ContainsKey("image_url"))
            {
                problems.Add(new FieldError("input.image_url", $"{model} needs image_url, the start frame.", "required"));
            }

            CheckMediaUrl(input, "image_url", problems);
            CheckMediaUrl(input, "end_image_url", problems);
        }

        return problems;
    }

    private static void CheckEnum(IDictionary<string, object?> input, string field, IReadOnlyList<string> allowed, List<FieldError> problems)
    {
        if (!input.TryGetValue(field, out var value))
        {
            return;
        }

        if (value is not string text || !allowed.Contains(text, StringComparer.Ordinal))
        {
            var shown = value is string ? $"'{value}'" : value is null ? "null" : $"{value} ({value.GetType().Name}, not a string)";
            problems.Add(new FieldError("input." + field, $"{field} {shown} is not one of {string.Join(", ", allowed)}.", "enum"));
        }
    }

    private static void CheckMediaUrl(IDictionary<string, object?> input, string field, List<FieldError> problems)
    {
        if (!input.TryGetValue(field, out var value))
        {
            return;
        }

        if (value is not string text || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != "data" && uri.Scheme != "runflow"))
        {
            problems.Add(new FieldError("input." + field, $"{field} must be an http(s) URL, a data: URI or a runflow://assets/ reference.", "url"));
        }
    }

    /// <summary>A client ref of at most 255 characters with no control characters (a control character cannot be
    /// written into a search filter or a file name safely), else the problem.</summary>
    public static FieldError? CheckClientRef(string clientRef) =>
        clientRef.Length > MaxClientRefLength || clientRef.Any(char.IsControl)
            ? new FieldError("client_ref", $"the client ref must be at most {MaxClientRefLength} characters with no control characters.", "client_ref")
            : null;

    /// <summary>An absolute http(s) URL of at most 2048 characters (null means none), else the problem.</summary>
    public static FieldError? CheckCallbackUrl(string? callbackUrl) =>
        callbackUrl is not null && (callbackUrl.Length > MaxCallbackUrlLength || !Uri.TryCreate(callbackUrl, UriKind.Absolute, out var uri)
                                    || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            ? new FieldError("callback_url", $"callback URL '{callbackUrl}' is not an absolute http(s) URL of at most {MaxCallbackUrlLength} characters.", "callback_url")
            : null;

    public static void RequireClientRef(string clientRef) => ThrowIf(CheckClientRef(clientRef), clientRef);

    public static void RequireCallbackUrl(string? callbackUrl) => ThrowIf(CheckCallbackUrl(callbackUrl), callbackUrl);

    /// <summary>
    /// A local start or end frame: an existing JPEG, PNG or WebP file by name and by its first bytes, 1 byte to
    /// <see cref="MaxImageBytes"/>. The first bytes are read now, not at upload time, so a locked file or a renamed file
    /// that is no image at all is reported against its own row before anything is paid for.
    /// </summary>
    public static ImageFileProblem? CheckImageFile(string path)
    {
        if (Directory.Exists(path))
        {
            return new ImageFileProblem(ImageFileProblemKind.UnsupportedFormat, $"'{path}' is a folder, not a JPEG, PNG or WebP file.");
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return new ImageFileProblem(ImageFileProblemKind.NotFound, $"image file '{path}' does not exist.");
        }

        if (ImageMimeType(file.Name) is null)
        {
            return new ImageFileProblem(ImageFileProblemKind.UnsupportedFormat, $"'{file.Name}' is not a JPEG, PNG or WebP file.");
        }

        if (file.Length == 0 || file.Length > MaxImageBytes)
        {
            return new ImageFileProblem(ImageFileProblemKind.OutOfSizeRange,
                $"'{file.Name}' is {file.Length:N0} bytes; images must be 1 byte to 30 MB ({MaxImageBytes:N0} bytes).");
        }

        var head = new byte[12];
        var read = 0;
        try
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            int chunk;
            while (read < head.Length && (chunk = stream.Read(head, read, head.Length - read)) > 0)
            {
                read += chunk;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return new ImageFileProblem(ImageFileProblemKind.Unreadable, $"image file '{path}' cannot be read: {exception.Message}");
        }

        return ImageSignature.IsJpegPngOrWebP(head, read)
            ? null
            : new ImageFileProblem(ImageFileProblemKind.UnsupportedFormat, $"'{file.Name}' does not start like a JPEG, PNG or WebP file.");
    }

    /// <summary>The upload MIME type of an image file name the models take, or null for any other name.</summary>
    public static string? ImageMimeType(string fileName) =>
        ImageMimeTypes.TryGetValue(Path.GetExtension(fileName), out var mimeType) ? mimeType : null;

    private static void ThrowIf(FieldError? problem, object? value)
    {
        if (problem is not null)
        {
            throw new RunflowValidationException(problem.Field!, value, problem.Message!);
        }
    }
}
