using System.Collections.Generic;
using System.Linq;
using Seedance.HelpBuilder;
using Xunit;

namespace Seedance.Tests.Help;

/// <summary>The about topic is plain text in the usual layout, within 80 columns.</summary>
public sealed class AboutTopicWriterTests
{
    [Fact]
    public void Headings_sit_at_the_margin_and_text_is_wrapped_and_indented_within_80_columns()
    {
        var markdown = HelpFixture.AboutPage + "\n\n" + string.Join(" ", Enumerable.Repeat("word", 60))
            + "\n\n- first item\n- second item\n\n```powershell\nGet-FixtureItem | Clear-FixtureItem\n```\n";
        var problems = new List<HelpProblem>();

        var text = AboutTopicWriter.Convert(markdown, "about_Fixture.md", "about_Fixture", problems);

        Assert.Empty(problems);
        Assert.StartsWith("TOPIC\n    about_Fixture\n\nSHORT DESCRIPTION\n    Fixture items.\n\nLONG DESCRIPTION\n    Long text.\n\nCONCEPTS\n", text);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= AboutTopicWriter.Width, line));
        Assert.Contains("    - first item\n    - second item\n", text);
        Assert.Contains("\n        Get-FixtureItem | Clear-FixtureItem\n", text);
        Assert.True(text.Split('\n').Count(line => line.StartsWith("    word")) > 1);
    }

    [Fact]
    public void A_code_line_too_long_for_80_columns_is_reported_rather_than_broken()
    {
        var problems = new List<HelpProblem>();

        AboutTopicWriter.Convert(HelpFixture.AboutPage + "\n```powershell\n" + new string('x', 73) + "\n```\n", "about_Fixture.md", "about_Fixture", problems);

        var problem = Assert.Single(problems);
        Assert.Equal(13, problem.Line);
        Assert.Contains("73 characters", problem.Message);
    }

    [Fact]
    public void A_missing_heading_or_a_topic_name_that_is_not_the_file_is_reported()
    {
        var problems = new List<HelpProblem>();

        AboutTopicWriter.Convert(HelpFixture.AboutPage.Replace("# SHORT DESCRIPTION\nFixture items.\n", string.Empty), "about_Other.md", "about_Other", problems);

        Assert.Contains(problems, problem => problem.Message.Contains("no '# SHORT DESCRIPTION' heading"));
        Assert.Contains(problems, problem => problem.Message.Contains("TOPIC says 'about_Fixture', but the file is about_Other"));
    }
}
