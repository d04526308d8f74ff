using System.IO;
using System.Text;

namespace Seedance.Engine;

/// <summary>
/// Writes a whole file under a temporary name beside it (<see cref="TemporaryFile"/>) and only then gives it its final
/// name, so a reader (a browser opening a gallery page, a script reading a sidecar) sees the old file or the new one,
/// never half of one. Replacing an existing file is one rename.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8.GetBytes(text));

    public static void WriteAllBytes(string path, byte[] bytes)
    {
        var temporary = TemporaryFile.For(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(path))
            {
                File.Replace(temporary, path, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temporary, path);
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
