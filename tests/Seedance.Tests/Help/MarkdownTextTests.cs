using Seedance.HelpBuilder;
using Xunit;

namespace Seedance.Tests.Help;

/// <summary>Inline markdown as the console shows it: emphasis marks dropped, but asterisks that are text kept.</summary>
public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("with **bold** text", "with bold text")]
    [InlineData("__under__ and `code`", "under and code")]
    [InlineData("shown as rf_live_****. A proxy password is shown as **** too.", "shown as rf_live_****. A proxy password is shown as **** too.")]
    [InlineData("such as http://user:****@proxy:3128/ and rf_live_****", "such as http://user:****@proxy:3128/ and rf_live_****")]
    public void Emphasis_is_dropped_and_masks_stay(string markdown, string plain) =>
        Assert.Equal(plain, MarkdownText.ToPlain(markdown));
}
