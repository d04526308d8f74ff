using System.Collections.Generic;

namespace Seedance.HelpBuilder;

/// <summary>One <c>### Example N: title</c>: its code block and the paragraphs that explain it.</summary>
internal sealed class HelpExample
{
    public string Title { get; set; } = string.Empty;

    public string Code { get; set; } = string.Empty;

    public List<string> Remarks { get; } = new();
}
