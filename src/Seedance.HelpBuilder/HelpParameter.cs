using System.Collections.Generic;

namespace Seedance.HelpBuilder;

/// <summary>The prose of one <c>### -Name</c> section; a <c>Default value: ...</c> line becomes the MAML default.</summary>
internal sealed class HelpParameter
{
    public List<string> Description { get; } = new();

    public string? DefaultValue { get; set; }
}
