using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Seedance.Engine;

namespace Seedance.Infrastructure;

/// <summary>
/// Expands -FileName templates such as <c>{ClientRef}-{Index}</c> into a file name that is safe on every platform and
/// cannot leave the target directory, whatever a CSV cell or a client ref contains.
/// </summary>
internal sealed class FileNameTemplate
{
    public const string DefaultTemplate = "{RunId}";

    // File systems limit a name to 255 bytes of UTF-8 (ext4, APFS) or 255 UTF-16 units (NTFS, never more than the
    // UTF-8 bytes): counting UTF-8 bytes keeps every name within both.
    private const int MaxFileNameBytes = 255;

    // A longer "extension" (a client ref such as "take.one-of-many-scenes") is part of the name, and .mp4 is added.
    private const int MaxExtensionBytes = 16;
    private const int HashLength = 8;
    private const string VideoExtension = ".mp4";
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

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
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
        return Contained(directory, Fit(SafeFileName(name, run.Id)));
    }

    /// <summary>
    /// The name with its extension (.mp4 when it has none), cut to fit in UTF-8 bytes: the temporary name the download
    /// writes first (<see cref="TemporaryFile.SuffixLength"/> more bytes), the distinct name a video takes when another
    /// file holds this one (<see cref="VideoDestination.DistinctSuffixLength"/> more) and the metadata file beside it
    /// (the name with .json) must fit too. A cut name ends in '-' and a hash of the whole name, so two long names that share their start
    /// still get two files. No cut splits a character: the cut falls between whole code points.
    /// </summary>
    public static string Fit(string safeName)
    {
        var extension = Path.GetExtension(safeName);
        var stem = safeName;
        if (extension.Length <= 1 || Utf8.GetByteCount(extension) > MaxExtensionBytes)
        {
            extension = VideoExtension;
        }
        else
        {
            stem = safeName.Substring(0, safeName.Length - extension.Length);
        }

        var budget = MaxFileNameBytes - TemporaryFile.SuffixLength - VideoDestination.DistinctSuffixLength - Math.Max(Utf8.GetByteCount(extension), RunSidecar.Extension.Length);
        if (Utf8.GetByteCount(stem) <= budget)
        {
            return stem + extension;
        }

        using var sha = SHA256.Create();
        var hash = "-" + Hex(sha.ComputeHash(Utf8.GetBytes(safeName)), HashLength);
        return PrefixWithin(stem, budget - hash.Length).TrimEnd('.', ' ') + hash + extension;
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

        return safe;
    }

    /// <summary>The longest start of <paramref name="text"/> whose UTF-8 form fits in <paramref name="maxBytes"/>,
    /// made of whole code points (a surrogate pair is kept or dropped as one).</summary>
    private static string PrefixWithin(string text, int maxBytes)
    {
        var bytes = 0;
        var index = 0;
        while (index < text.Length)
        {
            var isPair = char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);
            var size = isPair ? 4 : text[index] < 0x80 ? 1 : text[index] < 0x800 ? 2 : 3;
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            index += isPair ? 2 : 1;
        }

        return text.Substring(0, index);
    }

    private static string Hex(byte[] bytes, int length)
    {
        var builder = new StringBuilder(length);
        for (var index = 0; builder.Length < length; index++)
        {
            builder.Append(bytes[index].ToString("x2", CultureInfo.InvariantCulture));
        }

        return builder.ToString(0, length);
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
