namespace Seedance.Engine;

/// <summary>Recognises the three image formats the models accept by their leading bytes, whatever the file is called.</summary>
internal static class ImageSignature
{
    public static bool IsJpegPngOrWebP(byte[] head, int length) =>
        IsJpeg(head, length) || IsPng(head, length) || IsWebP(head, length);

    private static bool IsJpeg(byte[] head, int length) => length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF;

    private static bool IsPng(byte[] head, int length) =>
        length >= 8 && head[0] == 0x89 && head[1] == (byte)'P' && head[2] == (byte)'N' && head[3] == (byte)'G'
        && head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A;

    private static bool IsWebP(byte[] head, int length) =>
        length >= 12 && head[0] == (byte)'R' && head[1] == (byte)'I' && head[2] == (byte)'F' && head[3] == (byte)'F'
        && head[8] == (byte)'W' && head[9] == (byte)'E' && head[10] == (byte)'B' && head[11] == (byte)'P';
}
