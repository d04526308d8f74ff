using System.Linq;
using Seedance.HelpBuilder;
using Xunit;

namespace Seedance.Tests.Help;

/// <summary>The builder reads what help must state from the compiled attributes of a real cmdlet assembly.</summary>
public sealed class CmdletReaderTests
{
    [Fact]
    public void Only_concrete_cmdlet_classes_are_read()
    {
        Assert.Equal(new[] { HelpFixture.ClearItem, HelpFixture.GetItem }, HelpFixture.All.Select(cmdlet => cmdlet.Name));
    }

    [Fact]
    public void Own_parameters_come_first_in_declaration_order_then_inherited_ones_and_hidden_ones_are_left_out()
    {
        var names = HelpFixture.Cmdlet(HelpFixture.GetItem).Parameters.Select(parameter => parameter.Name);

        Assert.Equal(new[] { "Name", "Id", "Size", "Color", "ThrottleLimit", "Timeout", "MaxCost", "Label", "Tags", "Force", "Account" }, names);
        Assert.Equal(new[] { "Account" }, HelpFixture.Cmdlet(HelpFixture.ClearItem).Parameters.Select(parameter => parameter.Name));
    }

    [Theory]
    [InlineData("Name", "String[]", false)]
    [InlineData("Id", "Int32", false)]
    [InlineData("Timeout", "Int32", false)]
    [InlineData("MaxCost", "Decimal", false)]
    [InlineData("Tags", "Hashtable", false)]
    [InlineData("Color", "FixtureColor", false)]
    [InlineData("Force", "SwitchParameter", true)]
    public void Types_are_shown_by_their_friendly_names(string parameter, string typeName, bool isSwitch)
    {
        var metadata = Parameter(parameter);

        Assert.Equal(typeName, metadata.TypeName);
        Assert.Equal(isSwitch, metadata.IsSwitch);
    }

    [Fact]
    public void Parameter_sets_positions_pipeline_input_and_aliases_come_from_the_parameter_attributes()
    {
        var cmdlet = HelpFixture.Cmdlet(HelpFixture.GetItem);
        var name = Assert.Single(Parameter("Name").Sets);
        var id = Assert.Single(Parameter("Id").Sets);

        Assert.Equal("ByName", cmdlet.DefaultParameterSet);
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal(new ParameterSetMembership("ByName", true, 0, true, true), name);
        Assert.Equal(new ParameterSetMembership("ById", true, null, false, true), id);
        Assert.Equal(new[] { "ItemName", "item_name" }, Parameter("Name").Aliases);
        Assert.Equal(ParameterSetMembership.AllSets, Assert.Single(Parameter("Account").Sets).SetName);
        Assert.Equal(new[] { "ByName", "ById" }, MamlWriter.ParameterSets(cmdlet));
    }

    [Fact]
    public void Validation_attributes_become_allowed_values_and_stated_limits()
    {
        Assert.Equal(new[] { "Small", "Large" }, Parameter("Size").AllowedValues);
        Assert.Equal(new[] { "Red", "Green" }, Parameter("Color").AllowedValues);
        Assert.Equal("Valid values: 1 to 64.", Assert.Single(Parameter("ThrottleLimit").Constraints));
        Assert.Equal("Valid values: 1 or more.", Assert.Single(Parameter("Timeout").Constraints));
        Assert.Equal("Length: 3 to 10 characters.", Assert.Single(Parameter("Label").Constraints));
        Assert.Empty(Parameter("Name").Constraints);
    }

    [Fact]
    public void Output_types_are_the_full_names_of_the_OutputType_attribute()
    {
        Assert.Equal(new[] { HelpFixture.ItemType }, HelpFixture.Cmdlet(HelpFixture.GetItem).OutputTypes);
        Assert.Empty(HelpFixture.Cmdlet(HelpFixture.ClearItem).OutputTypes);
        Assert.False(HelpFixture.Cmdlet(HelpFixture.ClearItem).SupportsShouldProcess);
    }

    private static ParameterMetadata Parameter(string name) =>
        HelpFixture.Cmdlet(HelpFixture.GetItem).Parameters.Single(parameter => parameter.Name == name);
}
