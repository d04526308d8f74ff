using System;
using System.Linq;

namespace Seedance.Emulator;

/// <summary>An asset upload slot, then (once its bytes arrived and it was confirmed) an asset.</summary>
internal sealed class EmulatedAsset
{
    public required string Id { get; init; }

    public required string FileName { get; init; }

    public required string MimeType { get; init; }

    public required long SizeBytes { get; init; }

    public byte[]? Bytes { get; set; }

    public bool Confirmed { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The asset's key on the file origin. The name is reduced to URL-safe characters so the signed path and the
    /// path the server decodes are the same string.</summary>
    public string FilePath =>
        $"/assets/{Id}/" + new string(FileName.Select(character => char.IsAsciiLetterOrDigit(character) || character is '.' or '-' or '_' ? character : '_').ToArray());
}
