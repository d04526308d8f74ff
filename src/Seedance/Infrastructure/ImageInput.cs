using System;
using System.Management.Automation;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// Reads -Image and -EndImage: a URL is passed on as it is; a local file is checked now by the engine's one image
/// rule (<see cref="SeedanceInputValidator.CheckImageFile"/>) and uploaded only at submit time, so a bad file is
/// reported against its own row, under its own ErrorId, before anything is paid for.
/// </summary>
internal static class ImageInput
{
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
            throw new InvalidInputException("Seedance.ImageNotFound", $"'{text}' is neither a URL nor a file path ({exception.Message}).", text);
        }

        if (SeedanceInputValidator.CheckImageFile(path) is { } problem)
        {
            throw problem.Kind switch
            {
                ImageFileProblemKind.NotFound => new InvalidInputException("Seedance.ImageNotFound", problem.Message, text),
                ImageFileProblemKind.OutOfSizeRange => new InvalidInputException("Seedance.ImageTooLarge", problem.Message, text),
                ImageFileProblemKind.Unreadable => new InvalidInputException("Seedance.ImageUnreadable", problem.Message, text, ErrorCategory.ReadError),
                _ => new InvalidInputException("Seedance.UnsupportedImage", problem.Message, text),
            };
        }

        draft.LocalImages[field] = System.IO.Path.GetFullPath(path);
    }
}
