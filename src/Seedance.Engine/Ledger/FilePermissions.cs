using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Seedance.Engine.Ledger;

/// <summary>Makes the ledger readable by its user only. On Windows the user's local app-data folder already is; on Unix
/// the mode is set to 0700/0600 (netstandard2.0 has no API for it, so libc's chmod is called).</summary>
internal static class FilePermissions
{
    public static void RestrictToOwner(string path, bool directory)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return;
        }

        try
        {
            chmod(path, directory ? 0x1C0 : 0x180);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc to call (an unusual runtime): the folder keeps the mode the umask gave it.
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int chmod(string path, int mode);
}
