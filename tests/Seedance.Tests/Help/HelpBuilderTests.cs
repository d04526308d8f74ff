using System;
using System.IO;
using System.Linq;
using System.Xml;
using Seedance.HelpBuilder;
using Xunit;

namespace Seedance.Tests.Help;

/// <summary>The help builder refuses prose that disagrees with the compiled cmdlets, and writes MAML Get-Help reads.</summary>
public sealed class HelpBuilderTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "seedance-help-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
    }

    private static readonly CmdletMetadata Fixture = new("Get", "Thing", null, true, new[]
    {
        new ParameterMetadata("Name", "String[]", false, new[] { "Id" },
            new[] { new ParameterSetMembership(ParameterSetMembership.AllSets, true, 0, true, true) }, Array.Empty<string>()),
        new ParameterMetadata("Force", "SwitchParameter", true, Array.Empty<string>(),
            new[] { new ParameterSetMembership(ParameterSetMembership.AllSets, false, null, false, false) }, Array.Empty<string>()),
    }, new[] { "Seedance.Thing" });

    private const string Page = """
        # Get-Thing

        ## SYNOPSIS
        Gets things.

        ## DESCRIPTION
        First paragraph
        continues here.

        Second paragraph.

        ## EXAMPLES

        ### Example 1: One thing
        ```powershell
        Get-Thing -Name a
        ```

        Explains it.

        ## PARAMETERS

        ### -Name
        The names.

        ### -Force
        Forces it.
        """;

    [Fact]
    public void Markdown_sections_become_the_help_model()
    {
        var help = MarkdownHelpParser.Parse(Page, "Get-Thing.md");

        Assert.Equal("Get-Thing", help.Name);
        Assert.Equal("Gets things.", help.Synopsis);
        Assert.Equal(new[] { "First paragraph continues here.", "Second paragraph." }, help.Description);
        var example = Assert.Single(help.Examples);
        Assert.Equal("Get-Thing -Name a", example.Code);
        Assert.Equal("Explains it.", Assert.Single(example.Remarks));
        Assert.Empty(Program.Check(Fixture, help, "Get-Thing.md"));
    }

    [Fact]
    public void Missing_unknown_and_undescribed_parameters_are_reported()
    {
        var help = MarkdownHelpParser.Parse(Page.Replace("### -Force\nForces it.", "### -Forcee\nTypo."), "Get-Thing.md");
        var noExamples = MarkdownHelpParser.Parse(Page.Split("## EXAMPLES")[0], "Get-Thing.md");

        var problems = Program.Check(Fixture, help, "Get-Thing.md").ToList();

        Assert.Contains(problems, problem => problem.Contains("-Force has no description"));
        Assert.Contains(problems, problem => problem.Contains("-Forcee, which Get-Thing does not have"));
        Assert.Contains(Program.Check(Fixture, noExamples, "Get-Thing.md"), problem => problem.Contains("examples"));
    }

    [Fact]
    public void The_maml_carries_syntax_pipeline_input_and_should_process_switches()
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "help.xml");
        MamlWriter.Write(path, new[] { (Fixture, MarkdownHelpParser.Parse(Page, "Get-Thing.md")) });
        var xml = new XmlDocument();
        xml.Load(path);
        var names = new XmlNamespaceManager(xml.NameTable);
        names.AddNamespace("command", "http://schemas.microsoft.com/maml/dev/command/2004/10");
        names.AddNamespace("maml", "http://schemas.microsoft.com/maml/2004/10");

        var parameters = xml.SelectNodes("//command:parameters/command:parameter", names)!.Cast<XmlElement>().ToList();

        Assert.Equal(new[] { "Name", "Force", "WhatIf", "Confirm" }, parameters.Select(parameter => parameter["maml:name"]!.InnerText));
        Assert.Equal("True (ByPropertyName, ByValue)", parameters[0].GetAttribute("pipelineInput"));
        Assert.Equal("0", parameters[0].GetAttribute("position"));
        Assert.Equal("Id", parameters[0].GetAttribute("aliases"));
        Assert.Null(parameters[1]["command:parameterValue"]);
        Assert.Equal("Gets things.", xml.SelectSingleNode("//command:details/maml:description/maml:para", names)!.InnerText);
    }

    [Fact]
    public void The_about_topic_is_plain_text_within_80_columns()
    {
        var text = AboutTopicWriter.Convert("# TOPIC\nabout_Thing\n\n## Sessions\n" + string.Join(" ", Enumerable.Repeat("word", 60)) + "\n\n```powershell\nGet-Thing\n```\n");

        Assert.StartsWith("TOPIC\n    about_Thing\n\nSESSIONS\n", text);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= 80, line));
        Assert.Contains("        Get-Thing", text);
    }
}
