using System;
using System.Text.Json;

namespace Seedance.Engine;

/// <summary>An uploaded file (for <c>image_url</c>), as the asset-upload confirmation returns it.</summary>
public sealed class Asset
{
    private Asset(string id)
    {
        Id = id;
    }

    public string Id { get; }

    /// <summary>A signed GET URL (time-limited).</summary>
    public Uri? Url { get; private set; }

    public string? Name { get; private set; }

    public string? MimeType { get; private set; }

    public long? SizeBytes { get; private set; }

    public Uri? ThumbnailUrl { get; private set; }

    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>The stable reference form, <c>runflow://assets/{id}</c>.</summary>
    public string Reference => "runflow://assets/" + Id;

    public override string ToString() => Reference;

    internal static Asset FromElement(JsonElement element)
    {
        var id = JsonValues.String(element, "id", "asset_id")
            ?? throw new RunflowProtocolException("The asset confirmation has no id.");
        return new Asset(id)
        {
            Url = ToUri(JsonValues.String(element, "url")),
            Name = JsonValues.String(element, "name", "filename"),
            MimeType = JsonValues.String(element, "mime_type"),
            SizeBytes = JsonValues.Long(element, "size_bytes"),
            ThumbnailUrl = ToUri(JsonValues.String(element, "thumbnail_url")),
            CreatedAt = JsonValues.Time(element, "created_at"),
        };
    }

    private static Uri? ToUri(string? text) => text is not null && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
}
