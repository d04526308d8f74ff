using System.IO;
using Seedance.HelpBuilder;
using Xunit;

namespace Seedance.Tests.Help;

/// <summary>The builder uses the System.Management.Automation it is given, or the one beside the module, before any
/// copy from the NuGet cache.</summary>
public sealed class AutomationReferenceTests
{
    [Fact]
    public void A_given_reference_is_used_as_it_is()
    {
        using var directory = new TemporaryDirectory();
        var given = new[] { "/refs/System.Management.Automation.dll", "/refs/Other.dll" };

        Assert.Equal(given, AutomationReference.Complete(given, directory.Combine("Module.dll")));
    }

    [Fact]
    public void A_copy_beside_the_module_is_enough()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.Combine(AutomationReference.FileName), string.Empty);

        Assert.Empty(AutomationReference.Complete(new string[0], directory.Combine("Module.dll")));
    }
}
