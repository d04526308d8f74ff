using System.Linq;
using Seedance.HelpBuilder;
using Xunit;

namespace Seedance.Tests.Help;

/// <summary>The help page markdown becomes the help model, and a page the parser cannot place is refused.</summary>
public sealed class MarkdownHelpParserTests
{
    private static HelpDocument Page => MarkdownHelpParser.Parse(HelpFixture.GetItemPage, "Get-FixtureItem.md");

    [Fact]
    public void Sections_become_the_help_model()
    {
        var help = Page;

        Assert.Equal("Get-FixtureItem", help.Name);
        Assert.Equal("Gets fixture items by name or id.", help.Synopsis);
        Assert.Equal(3, help.Description.Count);
        Assert.Equal(new[] { "- A list item", "- Another list item" }, help.Description.Skip(1));
        Assert.Equal("The account, inherited from the base class.", Assert.Single(help.Parameters["Account"].Description));
        Assert.Equal("Names.", Assert.Single(Assert.Single(help.Inputs).Description));
        Assert.Equal("FixtureItem", Assert.Single(help.Outputs).TypeName);
        Assert.Equal("A note.", Assert.Single(help.Notes));
    }

    [Fact]
    public void Examples_keep_their_code_verbatim_and_their_remarks_as_paragraphs()
    {
        var example = Assert.Single(Page.Examples);

        Assert.Equal("Example 1: One item", example.Title);
        Assert.Equal("Get-FixtureItem -Name a |\n    Select-Object `\n        Name", example.Code);
        Assert.Equal(new[] { "Explains it.", "Second remark." }, example.Remarks);
    }

    [Fact]
    public void Inline_markdown_reads_as_plain_text()
    {
        Assert.Equal("First paragraph continues here, with code, bold and a link (https://example.org/items).", Page.Description[0]);
    }

    [Fact]
    public void A_default_value_line_becomes_the_default_instead_of_prose()
    {
        var throttle = Page.Parameters["ThrottleLimit"];

        Assert.Equal("4", throttle.DefaultValue);
        Assert.Equal(new[] { "How many at once." }, throttle.Description);
        Assert.Null(Page.Parameters["Name"].DefaultValue);
    }

    [Fact]
    public void Related_links_are_names_or_markdown_links()
    {
        Assert.Equal(new[] { new HelpLink("Clear-FixtureItem", ""), new HelpLink("Online", "https://example.org/get-fixtureitem") }, Page.RelatedLinks);
    }

    [Theory]
    [InlineData("# Get-X\n\n## SYNTAX\nGet-X\n", 3, "generated from the assembly")]
    [InlineData("# Get-X\n\n## USAGE\ntext\n", 3, "unknown section")]
    [InlineData("# Get-X\n\n## SYNOPSIS\nA.\n\n## DESCRIPTION\n```powershell\nGet-X\n", 7, "not closed")]
    [InlineData("# Get-X\n\n## PARAMETERS\n\n### -Name\nA.\n\n### -Name\nB.\n", 8, "described twice")]
    [InlineData("# Get-X\n\n## NOTES\n\n### Heading\ntext\n", 5, "not expected under '## NOTES'")]
    [InlineData("# Get-X\nstray text\n", 2, "before the first")]
    public void A_page_the_parser_cannot_place_is_refused_with_its_line(string page, int line, string reason)
    {
        var refusal = Assert.Throws<HelpFormatException>(() => MarkdownHelpParser.Parse(page, "Get-X.md"));

        Assert.Equal(line, refusal.Line);
        Assert.Contains(reason, refusal.Message);
        Assert.StartsWith($"Get-X.md({line}): error HELP001: ", refusal.ToProblem().ToString());
    }
}
