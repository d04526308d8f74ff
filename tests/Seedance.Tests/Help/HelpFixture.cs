using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Seedance.HelpBuilder;

namespace Seedance.Tests.Help;

/// <summary>The fixture cmdlet assembly (tests/Seedance.HelpBuilder.Fixture, copied beside the tests) and help pages
/// that agree with it, for the help builder's tests.</summary>
internal static class HelpFixture
{
    public const string GetItem = "Get-FixtureItem";
    public const string ClearItem = "Clear-FixtureItem";
    public const string ItemType = "Seedance.HelpBuilder.Fixture.FixtureItem";

    /// <summary>The fixture, like Seedance.dll, ships without System.Management.Automation: the build passes the
    /// PowerShellStandard reference, and the tests pass the copy their own PowerShell host loaded.</summary>
    public static string[] References { get; } = { typeof(System.Management.Automation.PSCmdlet).Assembly.Location };

    private static readonly Lazy<IReadOnlyList<CmdletMetadata>> Cmdlets = new(() => CmdletReader.Read(AssemblyPath, References));

    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "Seedance.HelpBuilder.Fixture.dll");

    public static IReadOnlyList<CmdletMetadata> All => Cmdlets.Value;

    public static CmdletMetadata Cmdlet(string name) => All.Single(cmdlet => cmdlet.Name == name);

    public const string GetItemPage = """
        # Get-FixtureItem

        ## SYNOPSIS
        Gets fixture items
        by name or id.

        ## DESCRIPTION
        First paragraph
        continues here, with `code`, **bold** and a [link](https://example.org/items).

        - A list item
        - Another list item

        ## EXAMPLES

        ### Example 1: One item
        ```powershell
        Get-FixtureItem -Name a |
            Select-Object `
                Name
        ```

        Explains it.

        Second remark.

        ## PARAMETERS

        ### -Name
        The names.

        ### -Id
        The id.

        ### -Size
        How big.

        ### -Color
        Which color.

        ### -ThrottleLimit
        How many at once.

        Default value: 4

        ### -Timeout
        Seconds to wait.

        ### -MaxCost
        A budget.

        ### -Label
        A label.

        ### -Tags
        Free data.

        ### -Force
        Forces it.

        ### -Account
        The account, inherited from the base class.

        ## INPUTS

        ### System.String
        Names.

        ## OUTPUTS

        ### FixtureItem
        One per name.

        ## NOTES
        A note.

        ## RELATED LINKS
        - Clear-FixtureItem
        - [Online](https://example.org/get-fixtureitem)
        """;

    public const string ClearItemPage = """
        # Clear-FixtureItem

        ## SYNOPSIS
        Clears fixture items.

        ## DESCRIPTION
        Clears them.

        ## EXAMPLES

        ### Example 1: Clear
        ```powershell
        Clear-FixtureItem
        ```

        ## PARAMETERS

        ### -Account
        The account.

        ## OUTPUTS

        ### None
        Nothing.
        """;

    public const string AboutPage = """
        # TOPIC
        about_Fixture

        # SHORT DESCRIPTION
        Fixture items.

        # LONG DESCRIPTION
        Long text.

        ## Concepts
        More text.
        """;

    /// <summary>A docs folder with both cmdlet pages and the about topic; <paramref name="skip"/> leaves one file out.</summary>
    public static string WriteDocs(string directory, string? skip = null)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in new[] { (GetItem + ".md", GetItemPage), (ClearItem + ".md", ClearItemPage), ("about_Fixture.md", AboutPage) })
        {
            if (name != skip)
            {
                File.WriteAllText(Path.Combine(directory, name), text);
            }
        }

        return directory;
    }
}
