using System.Text;

namespace Seedance.Engine.Gallery;

/// <summary>
/// Escapes text for HTML element content and quoted attribute values alike, so one call is right wherever a prompt,
/// a client ref or a file name lands. Control characters other than tab and newline become U+FFFD: HTML forbids them,
/// and a prompt may carry anything a CSV cell can.
/// </summary>
internal static class HtmlText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text!.Length + 16);
        foreach (var character in text)
        {
            switch (character)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '"':
                    builder.Append("&quot;");
                    break;
                case '\'':
                    builder.Append("&#39;");
                    break;
                case '\t':
                case '\n':
                    builder.Append(character);
                    break;
                default:
                    builder.Append(char.IsControl(character) ? '\uFFFD' : character);
                    break;
            }
        }

        return builder.ToString();
    }
}
