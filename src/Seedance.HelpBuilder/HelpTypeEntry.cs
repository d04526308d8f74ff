using System.Collections.Generic;

namespace Seedance.HelpBuilder;

/// <summary>One <c>### Type</c> of the INPUTS or OUTPUTS section, with what it means for this cmdlet.</summary>
internal sealed class HelpTypeEntry
{
    public HelpTypeEntry(string typeName)
    {
        TypeName = typeName;
    }

    public string TypeName { get; }

    public List<string> Description { get; } = new();
}
