using System;
using System.IO;
using System.Management.Automation;

namespace Seedance.Infrastructure;

/// <summary>
/// Reads -Image and -EndImage: a URL is passed on as it is; a local file is checked now (it exists, is a JPEG, PNG or
/// WebP by name and by its first bytes, and is 1 byte to 30 MB) and uploaded only at submit time, so a bad file is
/// reported against its own row before anything is paid for.
/// </summary>
internal static class ImageInput
{
    // "max 30 MB" per the model pages, read the stricter way (decimal megabytes).
    private const long MaxImageBytes = 30_000_000;
    private static readonly string[] ImageExtensions = { ".jpg", ".jpeg", ".png", ".webp" };

    public static void Add(RunDraft draft, string field, string? value, Func<string, string> resolvePath)
    {
        if (InputParsing.IsBlank(value))
        {
            return;
        }

        var text = value!.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "data" or "runflow")
        {
            draft.Input[field] = text;
            return;
        }

        string path;
        try
        {
            path = resolvePath(text);
        }
        catch (Exception exception) when (exception is ItemNotFoundException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or NotSupportedException or PSArgumentException)
        {
            throw Invalid("Seedance.ImageNotFound", $"'{text}' is neither a URL nor a file path ({exception.Message}).", text);
        }

        if (System.IO.Directory.Exists(path))
        {
            throw Invalid("Seedance.UnsupportedImage", $"'{path}' is a folder, not a JPEG, PNG or WebP file.", text);
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw Invalid("Seedance.ImageNotFound", $"image file '{path}' does not exist.", text);
        }

        if (Array.IndexOf(ImageExtensions, file.Extension.ToLowerInvariant()) < 0)
        {
            throw Invalid("Seedance.UnsupportedImage", $"'{file.Name}' is not a JPEG, PNG or WebP file.", text);
        }

        if (file.Length == 0 || file.Length > MaxImageBytes)
        {
            throw Invalid("Seedance.ImageTooLarge", $"'{file.Name}' is {file.Length:N0} bytes; images must be 1 byte to 30 MB (30,000,000 bytes).", text);
        }

        // Read the first bytes now, not at upload time: a locked or forbidden file, or a renamed file that is not an
        // image at all, is reported against its own row before anything is paid for.
        var head = new byte[12];
        int read;
        try
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            read = 0;
            int chunk;
            while (read < head.Length && (chunk = stream.Read(head, read, head.Length - read)) > 0)
            {
                read += chunk;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new InvalidInputException("Seedance.ImageUnreadable", $"image file '{path}' cannot be read: {exception.Message}", text,
                ErrorCategory.ReadError);
        }

        if (!ImageSignature.IsJpegPngOrWebP(head, read))
        {
            throw Invalid("Seedance.UnsupportedImage", $"'{file.Name}' does not start like a JPEG, PNG or WebP file.", text);
        }

        draft.LocalImages[field] = file.FullName;
    }

    private static InvalidInputException Invalid(string errorId, string message, object? offendingValue) =>
        new(errorId, message, offendingValue);
}
