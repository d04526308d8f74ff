namespace Seedance.Engine;

/// <summary>Why a local image file cannot be a model's start or end frame.</summary>
public enum ImageFileProblemKind
{
    /// <summary>No file by that name.</summary>
    NotFound,

    /// <summary>Not a JPEG, PNG or WebP: a folder, another extension, or content that does not start like one.</summary>
    UnsupportedFormat,

    /// <summary>Empty, or over <see cref="SeedanceInputValidator.MaxImageBytes"/>.</summary>
    OutOfSizeRange,

    /// <summary>The file exists but cannot be read (locked, forbidden).</summary>
    Unreadable,
}
