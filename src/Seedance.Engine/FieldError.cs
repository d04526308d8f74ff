namespace Seedance.Engine;

/// <summary>One field-level problem of a 422 answer, or of the client-side validation.</summary>
public sealed class FieldError
{
    public FieldError(string? field, string? message, string? code = null)
    {
        Field = field;
        Message = message;
        Code = code;
    }

    /// <summary>The field, e.g. <c>input.duration</c>.</summary>
    public string? Field { get; }

    public string? Message { get; }

    public string? Code { get; }

    public override string ToString() => string.IsNullOrEmpty(Field) ? Message ?? string.Empty : $"{Field}: {Message}";
}
