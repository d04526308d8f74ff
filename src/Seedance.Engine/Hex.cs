using System.Text;

namespace Seedance.Engine;

internal static class Hex
{
    public static string Lower(byte[] bytes)
    {
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var value in bytes)
        {
            builder.Append(value.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    public static bool TryParse(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length / 2];
        if (text.Length % 2 != 0)
        {
            return false;
        }

        for (var index = 0; index < bytes.Length; index++)
        {
            var high = Digit(text[2 * index]);
            var low = Digit(text[2 * index + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            bytes[index] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int Digit(char character) => character switch
    {
        >= '0' and <= '9' => character - '0',
        >= 'a' and <= 'f' => character - 'a' + 10,
        >= 'A' and <= 'F' => character - 'A' + 10,
        _ => -1,
    };
}
