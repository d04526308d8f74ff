namespace Seedance.Emulator;

internal enum PresignCheck
{
    Valid,
    Invalid,
    Expired,
}
