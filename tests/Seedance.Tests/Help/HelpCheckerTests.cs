using System.Linq;
using Seedance.HelpBuilder;
using Xunit;

namespace Seedance.Tests.Help;

/// <summary>A page that disagrees with its compiled cmdlet is reported, so the prose cannot drift from the code.</summary>
public sealed class HelpCheckerTests
{
    [Fact]
    public void Pages_that_agree_with_the_assembly_have_no_problems()
    {
        Assert.Empty(Problems(HelpFixture.GetItem, HelpFixture.GetItemPage));
        Assert.Empty(Problems(HelpFixture.ClearItem, HelpFixture.ClearItemPage));
    }

    [Theory]
    [InlineData("### -Label\nA label.\n", "parameter -Label of Get-FixtureItem has no description")]
    [InlineData("### -Account\nThe account, inherited from the base class.\n", "parameter -Account of Get-FixtureItem has no description")]
    [InlineData("### -Force\nForces it.\n", "parameter -Force of Get-FixtureItem has no description")]
    public void A_parameter_without_a_description_is_reported(string removed, string expected)
    {
        var problems = Problems(HelpFixture.GetItem, HelpFixture.GetItemPage.Replace(removed, string.Empty));

        Assert.Contains(problems, problem => problem.Contains(expected));
    }

    [Fact]
    public void A_heading_without_a_paragraph_counts_as_no_description()
    {
        var problems = Problems(HelpFixture.GetItem, HelpFixture.GetItemPage.Replace("### -Tags\nFree data.\n", "### -Tags\n"));

        Assert.Contains(problems, problem => problem.Contains("-Tags of Get-FixtureItem has no description"));
    }

    [Fact]
    public void Describing_a_parameter_the_cmdlet_does_not_have_is_reported()
    {
        var problems = Problems(HelpFixture.GetItem, HelpFixture.GetItemPage.Replace("### -Force\nForces it.", "### -Force\nForces it.\n\n### -Forcee\nA typo."));

        Assert.Equal("the page describes -Forcee, which Get-FixtureItem does not have.", Assert.Single(problems));
    }

    [Fact]
    public void WhatIf_and_Confirm_may_be_described_but_need_not_be()
    {
        var described = HelpFixture.GetItemPage.Replace("### -Force\n", "### -WhatIf\nShows the items that would be read.\n\n### -Force\n");

        Assert.Empty(Problems(HelpFixture.GetItem, described));
        Assert.Contains(Problems(HelpFixture.ClearItem, HelpFixture.ClearItemPage.Replace("### -Account\n", "### -WhatIf\nNo.\n\n### -Account\n")),
            problem => problem.Contains("-WhatIf, which Clear-FixtureItem does not have"));
    }

    [Fact]
    public void A_cmdlet_without_an_example_or_with_an_example_without_code_is_reported()
    {
        var withoutExamples = HelpFixture.ClearItemPage.Replace("### Example 1: Clear\n```powershell\nClear-FixtureItem\n```\n", string.Empty);
        var withoutCode = HelpFixture.ClearItemPage.Replace("```powershell\nClear-FixtureItem\n```\n", "Just words.\n");

        Assert.Contains(Problems(HelpFixture.ClearItem, withoutExamples), problem => problem.Contains("Clear-FixtureItem has no example"));
        Assert.Contains(Problems(HelpFixture.ClearItem, withoutCode), problem => problem.Contains("example 'Example 1: Clear' has no code block"));
    }

    [Fact]
    public void Output_and_input_types_must_match_what_the_cmdlet_declares()
    {
        var wrongOutput = Problems(HelpFixture.GetItem, HelpFixture.GetItemPage.Replace("### FixtureItem\n", "### System.String\n"));
        var noneWhenDeclared = Problems(HelpFixture.GetItem, HelpFixture.GetItemPage.Replace("### FixtureItem\n", "### None\n"));
        var inputWithoutPipeline = Problems(HelpFixture.ClearItem, HelpFixture.ClearItemPage + "\n## INPUTS\n\n### System.String\nText.\n");

        Assert.Contains(wrongOutput, problem => problem.Contains("OUTPUTS names System.String, which is not among the [OutputType]"));
        Assert.Contains(noneWhenDeclared, problem => problem.Contains("OUTPUTS says None"));
        Assert.Contains(inputWithoutPipeline, problem => problem.Contains("no parameter of Clear-FixtureItem takes pipeline input"));
    }

    [Fact]
    public void A_page_titled_for_another_cmdlet_or_without_synopsis_is_reported()
    {
        var problems = Problems(HelpFixture.ClearItem, HelpFixture.ClearItemPage.Replace("# Clear-FixtureItem", "# Clear-Fixture").Replace("Clears fixture items.\n", string.Empty));

        Assert.Contains(problems, problem => problem.Contains("the title is '# Clear-Fixture'"));
        Assert.Contains(problems, problem => problem.Contains("has no SYNOPSIS"));
    }

    private static string[] Problems(string cmdlet, string page) =>
        HelpChecker.Check(HelpFixture.Cmdlet(cmdlet), MarkdownHelpParser.Parse(page, cmdlet + ".md"), cmdlet + ".md")
            .Select(problem => problem.Message).ToArray();
}
