using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>The default views name only properties the output types really have, so tables never show blank columns.</summary>
[Collection("Module")]
public sealed class FormatViewTests : System.IDisposable
{
    private readonly ModuleRunspace shell = new();

    public void Dispose() => shell.Dispose();

    [Fact]
    public void Every_view_column_is_a_property_of_the_type_it_formats()
    {
        var document = XDocument.Load(Path.Combine(ModuleRunspace.ModuleDirectory, "Seedance.format.ps1xml"));
        var views = document.Descendants("View").ToList();

        Assert.Contains(views, view => view.Element("ViewSelectedBy")!.Element("TypeName")!.Value == "Seedance.SeedanceRun");
        foreach (var view in views)
        {
            var typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            var properties = shell.Run($"[{typeName}].GetProperties().Name").Output.Select(name => name.ToString()).ToHashSet();
            Assert.True(properties.Count > 0, typeName + " is not a type the module loads");
            var named = view.Descendants("PropertyName").Select(element => element.Value)
                .Concat(view.Descendants("ScriptBlock").SelectMany(block => System.Text.RegularExpressions.Regex.Matches(block.Value, @"\$_\.(\w+)").Select(match => match.Groups[1].Value)));
            Assert.All(named, property => Assert.Contains(property, properties));
        }
    }
}
