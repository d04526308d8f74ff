using System.Linq;
using System.Xml;
using Seedance.HelpBuilder;
using Xunit;

namespace Seedance.Tests.Help;

/// <summary>The MAML has the shape Get-Help reads, with the facts from the assembly and the prose from the page.</summary>
public sealed class MamlWriterTests : System.IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly XmlDocument xml = new();
    private readonly XmlNamespaceManager names;

    public MamlWriterTests()
    {
        var path = directory.Combine("Fixture.dll-Help.xml");
        MamlWriter.Write(path, new[]
        {
            (HelpFixture.Cmdlet(HelpFixture.GetItem), MarkdownHelpParser.Parse(HelpFixture.GetItemPage, "get.md")),
            (HelpFixture.Cmdlet(HelpFixture.ClearItem), MarkdownHelpParser.Parse(HelpFixture.ClearItemPage, "clear.md")),
        });
        xml.Load(path);
        names = new XmlNamespaceManager(xml.NameTable);
        names.AddNamespace("msh", MamlWriter.HelpItems);
        names.AddNamespace("command", MamlWriter.Command);
        names.AddNamespace("maml", MamlWriter.Maml);
        names.AddNamespace("dev", MamlWriter.Dev);
    }

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Each_cmdlet_is_a_command_element_with_its_name_verb_noun_and_synopsis()
    {
        Assert.Equal("maml", xml.DocumentElement!.GetAttribute("schema"));
        var details = Node("/msh:helpItems/command:command[1]/command:details");

        Assert.Equal(2, xml.SelectNodes("/msh:helpItems/command:command", names)!.Count);
        Assert.Equal("Get-FixtureItem", details.SelectSingleNode("command:name", names)!.InnerText);
        Assert.Equal("Get", details.SelectSingleNode("command:verb", names)!.InnerText);
        Assert.Equal("FixtureItem", details.SelectSingleNode("command:noun", names)!.InnerText);
        Assert.Equal("Gets fixture items by name or id.", details.SelectSingleNode("maml:description/maml:para", names)!.InnerText);
        Assert.Equal(3, Get().SelectNodes("maml:description/maml:para", names)!.Count);
    }

    [Fact]
    public void Each_parameter_set_is_a_syntax_item_default_first_with_positional_parameters_first()
    {
        var items = Get().SelectNodes("command:syntax/command:syntaxItem", names)!.Cast<XmlElement>().ToList();
        string[] Parameters(XmlElement item) => item.SelectNodes("command:parameter/maml:name", names)!.Cast<XmlNode>().Select(node => node.InnerText).ToArray();

        Assert.Equal(2, items.Count);
        Assert.Equal(new[] { "Name", "Size", "Color", "ThrottleLimit", "Timeout", "MaxCost", "Label", "Tags", "Force", "Account", "WhatIf", "Confirm" }, Parameters(items[0]));
        Assert.Equal(new[] { "Id", "Size", "Color", "ThrottleLimit", "Timeout", "MaxCost", "Label", "Tags", "Force", "Account", "WhatIf", "Confirm" }, Parameters(items[1]));
        Assert.Equal(new[] { "Account" }, Parameters((XmlElement)Clear().SelectSingleNode("command:syntax/command:syntaxItem", names)!));
    }

    [Fact]
    public void Parameters_carry_the_attributes_Get_Help_shows()
    {
        var name = Parameter("Name");
        var id = Parameter("Id");
        var force = Parameter("Force");

        Assert.Equal("true", name.GetAttribute("required"));
        Assert.Equal("0", name.GetAttribute("position"));
        Assert.Equal("True (ByPropertyName, ByValue)", name.GetAttribute("pipelineInput"));
        Assert.Equal("ItemName, item_name", name.GetAttribute("aliases"));
        Assert.Equal("true", name.GetAttribute("variableLength"));
        Assert.Equal("String[]", name.SelectSingleNode("command:parameterValue", names)!.InnerText);
        Assert.Equal("String[]", name.SelectSingleNode("dev:type/maml:name", names)!.InnerText);
        Assert.Equal("The names.", name.SelectSingleNode("maml:description/maml:para", names)!.InnerText);
        Assert.Equal("named", id.GetAttribute("position"));
        Assert.Equal("True (ByPropertyName)", id.GetAttribute("pipelineInput"));
        Assert.Equal("none", id.GetAttribute("aliases"));
        Assert.Null(force.SelectSingleNode("command:parameterValue", names));
        Assert.Equal("False", force.SelectSingleNode("dev:defaultValue", names)!.InnerText);
        Assert.Equal("False", force.GetAttribute("pipelineInput"));
    }

    [Fact]
    public void Allowed_values_limits_and_defaults_reach_the_parameter()
    {
        var size = Parameter("Size");
        var throttle = Parameter("ThrottleLimit");

        Assert.Equal(new[] { "Small", "Large" }, size.SelectNodes("command:parameterValueGroup/command:parameterValue", names)!.Cast<XmlNode>().Select(node => node.InnerText));
        Assert.Equal(new[] { "How many at once.", "Valid values: 1 to 64." }, throttle.SelectNodes("maml:description/maml:para", names)!.Cast<XmlNode>().Select(node => node.InnerText));
        Assert.Equal("4", throttle.SelectSingleNode("dev:defaultValue", names)!.InnerText);
        Assert.Equal("None", Parameter("Label").SelectSingleNode("dev:defaultValue", names)!.InnerText);
    }

    [Fact]
    public void ShouldProcess_adds_WhatIf_and_Confirm_with_standard_text_and_common_parameters_are_left_to_Get_Help()
    {
        var listed = Get().SelectNodes("command:parameters/command:parameter/maml:name", names)!.Cast<XmlNode>().Select(node => node.InnerText).ToList();

        Assert.Equal("wi", Parameter("WhatIf").GetAttribute("aliases"));
        Assert.Contains("not run", Parameter("WhatIf").SelectSingleNode("maml:description/maml:para", names)!.InnerText);
        Assert.DoesNotContain("Verbose", listed);
        Assert.DoesNotContain("ErrorAction", listed);
        Assert.DoesNotContain("Internal", listed);
        Assert.DoesNotContain("NotAParameter", listed);
        Assert.DoesNotContain("WhatIf", Clear().SelectNodes("command:parameters/command:parameter/maml:name", names)!.Cast<XmlNode>().Select(node => node.InnerText));
    }

    [Fact]
    public void Return_values_are_the_declared_output_types_with_the_page_text()
    {
        var output = Get().SelectSingleNode("command:returnValues/command:returnValue", names)!;
        var input = Get().SelectSingleNode("command:inputTypes/command:inputType", names)!;

        Assert.Equal(HelpFixture.ItemType, output.SelectSingleNode("dev:type/maml:name", names)!.InnerText);
        Assert.Equal("One per name.", output.SelectSingleNode("maml:description/maml:para", names)!.InnerText);
        Assert.Equal("System.String", input.SelectSingleNode("dev:type/maml:name", names)!.InnerText);
        Assert.Equal("None", Clear().SelectSingleNode("command:returnValues/command:returnValue/dev:type/maml:name", names)!.InnerText);
        Assert.Equal("None", Clear().SelectSingleNode("command:inputTypes/command:inputType/dev:type/maml:name", names)!.InnerText);
    }

    [Fact]
    public void Examples_notes_and_links_are_written()
    {
        var example = Get().SelectSingleNode("command:examples/command:example", names)!;
        var links = Get().SelectNodes("command:relatedLinks/maml:navigationLink", names)!.Cast<XmlNode>().ToList();

        Assert.Contains("Example 1: One item", example.SelectSingleNode("maml:title", names)!.InnerText);
        Assert.Equal("Get-FixtureItem -Name a |\n    Select-Object `\n        Name", example.SelectSingleNode("dev:code", names)!.InnerText);
        Assert.Equal(new[] { "Explains it.", "Second remark.", "" }, example.SelectNodes("dev:remarks/maml:para", names)!.Cast<XmlNode>().Select(node => node.InnerText));
        Assert.Equal("A note.", Get().SelectSingleNode("maml:alertSet/maml:alert/maml:para", names)!.InnerText);
        Assert.Null(Clear().SelectSingleNode("maml:alertSet", names));
        Assert.Equal("Clear-FixtureItem", links[0].SelectSingleNode("maml:linkText", names)!.InnerText);
        Assert.Equal("https://example.org/get-fixtureitem", links[1].SelectSingleNode("maml:uri", names)!.InnerText);
    }

    [Fact]
    public void The_parameter_list_follows_the_page_while_the_syntax_follows_the_assembly()
    {
        var page = HelpFixture.GetItemPage.Replace("### -Force\nForces it.\n", string.Empty).Replace("## PARAMETERS\n", "## PARAMETERS\n\n### -Force\nForces it.\n");
        var path = directory.Combine("Reordered.dll-Help.xml");
        MamlWriter.Write(path, new[] { (HelpFixture.Cmdlet(HelpFixture.GetItem), MarkdownHelpParser.Parse(page, "get.md")) });
        var reordered = new XmlDocument();
        reordered.Load(path);

        var listed = reordered.SelectNodes("//command:parameters/command:parameter/maml:name", names)!.Cast<XmlNode>().Select(node => node.InnerText).ToList();
        var syntax = reordered.SelectNodes("//command:syntaxItem[1]/command:parameter/maml:name", names)!.Cast<XmlNode>().Select(node => node.InnerText).ToList();

        Assert.Equal(new[] { "Force", "Name", "Id" }, listed.Take(3));
        Assert.Equal(new[] { "WhatIf", "Confirm" }, listed.TakeLast(2));
        Assert.Equal(new[] { "Name", "Size" }, syntax.Take(2));
    }

    private XmlNode Node(string path) => xml.SelectSingleNode(path, names)!;

    private XmlNode Get() => Node("/msh:helpItems/command:command[command:details/command:name='Get-FixtureItem']");

    private XmlNode Clear() => Node("/msh:helpItems/command:command[command:details/command:name='Clear-FixtureItem']");

    private XmlElement Parameter(string name) =>
        (XmlElement)Get().SelectSingleNode($"command:parameters/command:parameter[maml:name='{name}']", names)!;
}
