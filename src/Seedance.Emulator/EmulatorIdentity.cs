namespace Seedance.Emulator;

/// <summary>The one organization and user the emulator's key belongs to.</summary>
internal static class EmulatorIdentity
{
    public const string OrganizationId = "0190b6a4-0000-7000-8000-00000000e0e0";
    public const string UserId = "0190b6a4-0000-7000-8000-00000000a11c";
}
