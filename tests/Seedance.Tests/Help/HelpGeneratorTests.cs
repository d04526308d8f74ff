using System;
using System.IO;
using System.Linq;
using System.Xml;
using Seedance.HelpBuilder;
using Xunit;

namespace Seedance.Tests.Help;

/// <summary>The whole build step: help files are written only when every page agrees with the assembly.</summary>
public sealed class HelpGeneratorTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private string Docs => directory.Combine("docs");

    private string Output => directory.Combine("en-US");

    [Fact]
    public void Pages_that_agree_produce_the_maml_beside_the_assembly_name_and_the_about_topic()
    {
        HelpFixture.WriteDocs(Docs);

        var problems = HelpGenerator.Build(HelpFixture.AssemblyPath, HelpFixture.References, Docs, Output);

        Assert.Empty(problems);
        var maml = new XmlDocument();
        maml.Load(Path.Combine(Output, "Seedance.HelpBuilder.Fixture.dll-Help.xml"));
        Assert.Equal(2, maml.GetElementsByTagName("command:command").Count);
        Assert.StartsWith("TOPIC", File.ReadAllText(Path.Combine(Output, "about_Fixture.help.txt")).TrimStart('\uFEFF'));
    }

    [Fact]
    public void A_cmdlet_without_a_page_fails_the_build_and_nothing_is_written()
    {
        HelpFixture.WriteDocs(Docs, skip: HelpFixture.ClearItem + ".md");

        var problems = HelpGenerator.Build(HelpFixture.AssemblyPath, HelpFixture.References, Docs, Output);

        var problem = Assert.Single(problems);
        Assert.Equal(Path.Combine(Docs, "Clear-FixtureItem.md"), problem.File);
        Assert.Contains("Clear-FixtureItem has no help page", problem.Message);
        Assert.False(Directory.Exists(Output) && Directory.EnumerateFiles(Output).Any());
    }

    [Fact]
    public void A_page_for_a_cmdlet_that_does_not_exist_and_an_unreadable_page_are_both_reported()
    {
        HelpFixture.WriteDocs(Docs);
        File.WriteAllText(Path.Combine(Docs, "Get-RemovedThing.md"), HelpFixture.ClearItemPage);
        File.AppendAllText(Path.Combine(Docs, "Get-FixtureItem.md"), "\n## SYNTAX\nGet-FixtureItem\n");

        var problems = HelpGenerator.Build(HelpFixture.AssemblyPath, HelpFixture.References, Docs, Output);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, problem => problem.File.EndsWith("Get-RemovedThing.md", StringComparison.Ordinal) && problem.Message.Contains("describes no cmdlet"));
        Assert.Contains(problems, problem => problem.File.EndsWith("Get-FixtureItem.md", StringComparison.Ordinal) && problem.Line is > 0);
    }

    [Fact]
    public void The_command_line_fails_with_exit_code_1_on_a_problem_and_2_on_bad_arguments()
    {
        HelpFixture.WriteDocs(Docs);
        File.WriteAllText(Path.Combine(Docs, "Get-FixtureItem.md"), HelpFixture.GetItemPage.Replace("### -Label\nA label.\n", string.Empty));

        Assert.Equal(1, Program.Main(new[] { "--assembly", HelpFixture.AssemblyPath, "--references", HelpFixture.References[0], "--docs", Docs, "--out", Output }));
        Assert.Equal(2, Program.Main(new[] { "--assembly", HelpFixture.AssemblyPath }));
        Assert.False(File.Exists(Path.Combine(Output, "Seedance.HelpBuilder.Fixture.dll-Help.xml")));
    }

    [Fact]
    public void The_problem_text_is_an_msbuild_error_of_the_page()
    {
        Assert.Equal("docs/Get-X.md(12): error HELP001: bad.", new HelpProblem("docs/Get-X.md", 12, "bad.").ToString());
        Assert.Equal("docs/Get-X.md: error HELP001: bad.", new HelpProblem("docs/Get-X.md", "bad.").ToString());
    }
}
