using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Seedance.Infrastructure;

/// <summary>
/// Expands -FileName templates such as <c>{ClientRef}-{Index}</c> into a file name that is safe on every platform and
/// cannot leave the target directory, whatever a CSV cell or a client ref contains.
/// </summary>
internal sealed class FileNameTemplate
{
    public const string DefaultTemplate = "{RunId}";
    private const int MaxNameLength = 180;
    private const int MaxPromptSlug = 60;
    private static readonly Regex Token = new(@"\{(?<name>[A-Za-z]+)\}", RegexOptions.CultureInvariant);
    private static readonly HashSet<string> KnownTokens = new(StringComparer.OrdinalIgnoreCase) { "RunId", "ClientRef", "Index", "Prompt" };
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "CONIN$", "CONOUT$",
    };

    private static readonly char[] IllegalCharacters =
        Path.GetInvalidFileNameChars().Concat(new[] { '<', '>', ':', '"', '/', '\\', '|', '?', '*' }).Distinct().ToArray();

    private readonly string template;

    public FileNameTemplate(string? template)
    {
        this.template = string.IsNullOrWhiteSpace(template) ? DefaultTemplate : template!.Trim();
        foreach (Match match in Token.Matches(this.template))
        {
            if (!KnownTokens.Contains(match.Groups["name"].Value))
            {
                throw new ArgumentException(
                    $"-FileName has an unknown placeholder {match.Value}: use {{RunId}}, {{ClientRef}}, {{Index}} or {{Prompt}}.");
            }
        }
    }

    /// <summary>The full path of the video for <paramref name="run"/> inside <paramref name="directory"/>.</summary>
    public string PathFor(string directory, SeedanceRun run, int fallbackIndex)
    {
        var name = Token.Replace(template, match => match.Groups["name"].Value.ToUpperInvariant() switch
        {
            "RUNID" => run.Id,
            "CLIENTREF" => string.IsNullOrWhiteSpace(run.ClientRef) ? run.Id : run.ClientRef!,
            "INDEX" => (run.InputIndex ?? fallbackIndex).ToString(CultureInfo.InvariantCulture),
            "PROMPT" => Slug(run.Prompt),
            _ => match.Value,
        });
        var safe = SafeFileName(name, run.Id);
        if (string.IsNullOrEmpty(Path.GetExtension(safe)))
        {
            safe += ".mp4";
        }

        return Contained(directory, safe);
    }

    /// <summary>Joins a name to a directory and proves the result is a direct child of it.</summary>
    public static string Contained(string directory, string fileName)
    {
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, fileName));
        var parent = Path.GetDirectoryName(full);
        if (!string.Equals(parent?.TrimEnd(Path.DirectorySeparatorChar), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            throw new ArgumentException($"The file name '{fileName}' would leave the directory '{root}'.");
        }

        return full;
    }

    public static string SafeFileName(string name, string fallback)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            builder.Append(char.IsControl(character) || Array.IndexOf(IllegalCharacters, character) >= 0 ? '_' : character);
        }

        // Dots alone ("." and "..") and trailing dots or spaces mean something else to file systems, Windows above all.
        var safe = builder.ToString().Trim().TrimEnd('.', ' ');
        while (safe.Contains(".."))
        {
            safe = safe.Replace("..", "_");
        }

        safe = safe.TrimStart('.');
        if (safe.Length == 0)
        {
            safe = fallback;
        }

        var stem = safe.Split('.')[0];
        if (ReservedNames.Contains(stem))
        {
            safe = "_" + safe;
        }

        return safe.Length > MaxNameLength ? safe.Substring(0, MaxNameLength).TrimEnd('.', ' ') : safe;
    }

    private static string Slug(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return "video";
        }

        var builder = new StringBuilder();
        foreach (var character in prompt!.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (character < 128 && char.IsLetterOrDigit(character))
            {
                builder.Append(char.ToLowerInvariant(character));
            }
            else if (builder.Length > 0 && builder[builder.Length - 1] != '-')
            {
                builder.Append('-');
            }

            if (builder.Length >= MaxPromptSlug)
            {
                break;
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "video" : slug;
    }
}
