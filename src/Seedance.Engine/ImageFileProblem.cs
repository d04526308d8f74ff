namespace Seedance.Engine;

/// <summary>What <see cref="SeedanceInputValidator.CheckImageFile"/> found wrong with a local image file.</summary>
public sealed class ImageFileProblem
{
    public ImageFileProblem(ImageFileProblemKind kind, string message)
    {
        Kind = kind;
        Message = message;
    }

    public ImageFileProblemKind Kind { get; }

    public string Message { get; }

    public override string ToString() => Message;
}
