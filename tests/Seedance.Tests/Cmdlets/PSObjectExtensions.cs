using System.Management.Automation;

namespace Seedance.Tests.Cmdlets;

/// <summary>Reads properties of module objects the way a script does, without referencing the module assembly.</summary>
public static class PSObjectExtensions
{
    public static T Property<T>(this PSObject item, string name)
    {
        var property = item.Properties[name] ?? throw new System.InvalidOperationException($"{item.TypeNames[0]} has no property {name}.");
        return LanguagePrimitives.ConvertTo<T>(property.Value);
    }

    public static object? Property(this PSObject item, string name) => item.Properties[name]?.Value;
}
