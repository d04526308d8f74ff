using System;

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
}
