using System;
using System.Runtime.InteropServices;
using System.Security;

namespace Seedance.Infrastructure;

internal static class SecureStrings
{
    public static string Reveal(SecureString secure)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
