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
        foreach (var view in Views())
        {
            var properties = PropertiesOf(view);
            var named = view.Descendants("PropertyName").Select(element => element.Value)
                .Concat(view.Descendants("ScriptBlock").SelectMany(block => PropertiesReadBy(block.Value)));
            Assert.All(named, property => Assert.Contains(property, properties));
        }
    }

    /// <summary>A header is what a user types next: Sort-Object BalanceUsd or $_.Index would find nothing. So every
    /// header is a property of the object, the column shows that property (by name, or a script that reads it), and the
    /// column is wide enough to print the whole header.</summary>
    [Fact]
    public void Every_view_header_is_the_property_its_column_shows()
    {
        var checkedColumns = 0;
        foreach (var view in Views())
        {
            var typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            var properties = PropertiesOf(view);
            foreach (var (header, width, item) in Columns(view))
            {
                var where = $"{typeName} column '{header}'";
                Assert.True(properties.Contains(header), $"{where}: {typeName} has no property {header}.");
                var propertyName = item.Element("PropertyName")?.Value;
                var script = item.Element("ScriptBlock")?.Value;
                if (propertyName is not null)
                {
                    Assert.True(propertyName == header, $"{where} shows property {propertyName}.");
                }
                else
                {
                    Assert.True(script is not null && PropertiesReadBy(script).Contains(header), $"{where} shows a script that does not read $_.{header}: {script}");
                }

                Assert.True(width is null || width >= header.Length, $"{where} is {width} wide and would cut its header.");
                checkedColumns++;
            }
        }

        Assert.True(checkedColumns >= 30, $"only {checkedColumns} columns were found in the format file");
    }

    private static List<XElement> Views()
    {
        var document = XDocument.Load(Path.Combine(ModuleRunspace.ModuleDirectory, "Seedance.format.ps1xml"));
        var views = document.Descendants("View").ToList();
        Assert.Contains(views, view => view.Element("ViewSelectedBy")!.Element("TypeName")!.Value == "Seedance.SeedanceRun");
        return views;
    }

    private HashSet<string> PropertiesOf(XElement view)
    {
        var typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
        var properties = shell.Run($"[{typeName}].GetProperties().Name").Output.Select(name => name.ToString()).ToHashSet();
        Assert.True(properties.Count > 0, typeName + " is not a type the module loads");
        return properties;
    }

    /// <summary>Each column of a table or list view: its header (the label, or the property when there is none), its
    /// width when set, and the item that fills it.</summary>
    private static IEnumerable<(string Header, int? Width, XElement Item)> Columns(XElement view)
    {
        foreach (var table in view.Elements("TableControl"))
        {
            var headers = table.Element("TableHeaders")!.Elements("TableColumnHeader").ToList();
            foreach (var row in table.Descendants("TableColumnItems"))
            {
                var items = row.Elements("TableColumnItem").ToList();
                Assert.Equal(headers.Count, items.Count);
                for (var index = 0; index < items.Count; index++)
                {
                    var header = headers[index].Element("Label")?.Value ?? items[index].Element("PropertyName")?.Value
                        ?? throw new Xunit.Sdk.XunitException("A column with neither a label nor a property name.");
                    var width = headers[index].Element("Width")?.Value is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
                    yield return (header, width, items[index]);
                }
            }
        }

        foreach (var item in view.Descendants("ListItem"))
        {
            var header = item.Element("Label")?.Value ?? item.Element("PropertyName")?.Value
                ?? throw new Xunit.Sdk.XunitException("A list item with neither a label nor a property name.");
            yield return (header, null, item);
        }
    }

    private static IEnumerable<string> PropertiesReadBy(string script) =>
        System.Text.RegularExpressions.Regex.Matches(script, @"\$_\.(\w+)").Select(match => match.Groups[1].Value);
}
