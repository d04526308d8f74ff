namespace Seedance.Engine;

/// <summary>One name's <see cref="FileClaimKind"/>, with the recorded length of this run's file or words for the holder.</summary>
internal readonly struct FileClaim
{
    private FileClaim(FileClaimKind kind, long bytes, string? holder)
    {
        Kind = kind;
        Bytes = bytes;
        Holder = holder;
    }

    public static FileClaim Free => new(FileClaimKind.Free, 0, null);

    public static FileClaim BySidecar => new(FileClaimKind.ThisRunBySidecar, 0, null);

    public FileClaimKind Kind { get; }

    public long Bytes { get; }

    public string? Holder { get; }

    public static FileClaim This(long bytes) => new(FileClaimKind.ThisRun, bytes, null);

    public static FileClaim Other(string holder) => new(FileClaimKind.Other, 0, holder);
}
