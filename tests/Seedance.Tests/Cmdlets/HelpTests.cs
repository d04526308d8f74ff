using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>Get-Help works for every cmdlet, from the MAML the build generates.</summary>
[Collection("Module")]
public sealed class HelpTests : System.IDisposable
{
    private readonly ModuleRunspace shell = new();

    public void Dispose() => shell.Dispose();

    [Fact]
    public void Every_cmdlet_has_full_help_with_a_synopsis_described_parameters_and_examples()
    {
        var names = shell.Run("Get-Command -Module Seedance | ForEach-Object Name").Output.Select(name => name.ToString()).ToList();
        Assert.Equal(14, names.Count);
        foreach (var name in names)
        {
            var help = shell.Run("Get-Help $name -Full", new System.Collections.Generic.Dictionary<string, object?> { ["name"] = name });
            help.AssertNoErrors();
            var item = Assert.Single(help.Output);
            var synopsis = item.Property("Synopsis")?.ToString() ?? string.Empty;
            Assert.False(string.IsNullOrWhiteSpace(synopsis), name);
            Assert.DoesNotContain("[<CommonParameters>]", synopsis);
            var examples = shell.Run("@((Get-Help $name -Examples).examples.example).Count", new System.Collections.Generic.Dictionary<string, object?> { ["name"] = name });
            Assert.True((int)examples.Output.Single().BaseObject > 0, name + " has no examples");
            var undocumented = shell.Run("(Get-Help $name -Full).parameters.parameter | Where-Object { $_.name -and -not ($_.description | ForEach-Object Text) } | ForEach-Object name",
                new System.Collections.Generic.Dictionary<string, object?> { ["name"] = name });
            Assert.True(undocumented.Output.Count == 0, name + " has parameters without help: " + string.Join(", ", undocumented.Output));
        }
    }

    [Fact]
    public void New_SeedanceRun_help_shows_the_csv_example_and_the_real_parameter_facts()
    {
        var help = shell.Run("""
            $h = Get-Help New-SeedanceRun -Full
            $h.Synopsis
            ($h.examples.example | ForEach-Object code) -join "`n"
            ($h.parameters.parameter | Where-Object name -eq 'Prompt').position
            ($h.parameters.parameter | Where-Object name -eq 'ClientRef').pipelineInput
            ($h.parameters.parameter | Where-Object name -eq 'WhatIf').name
            """);

        help.AssertNoErrors();
        Assert.StartsWith("Submits Seedance 2.0 video runs", help.Output[0].ToString());
        Assert.Contains("Import-Csv prompts.csv | New-SeedanceRun", help.Output[1].ToString());
        Assert.Equal("0", help.Output[2].ToString());
        Assert.Equal("True (ByPropertyName)", help.Output[3].ToString());
        Assert.Equal("WhatIf", help.Output[4].ToString());
    }

    [Fact]
    public void The_about_topic_explains_the_concepts()
    {
        var about = shell.Run("Get-Help about_Seedance");
        about.AssertNoErrors();

        var topic = string.Join("\n", about.Output.Select(item => item.ToString()));
        Assert.Contains("RUNFLOW_API_KEY", topic);
        Assert.Contains("Never paying twice".ToUpperInvariant(), topic);
    }
}
