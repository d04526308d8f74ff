namespace Seedance.Engine;

/// <summary>Who holds a file name in a folder of videos, as far as the folder's index and sidecars tell.</summary>
internal enum FileClaimKind
{
    Free,
    ThisRun,
    ThisRunBySidecar,
    Other,
}
