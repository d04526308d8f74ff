using System.Collections;
using System.Management.Automation;

namespace Seedance.HelpBuilder.Fixture;

/// <summary>Two parameter sets, pipeline input, aliases, validation, nullable and array types, ShouldProcess, a hidden
/// parameter and a property that is not a parameter: what the help builder must read from attributes alone.</summary>
[Cmdlet(VerbsCommon.Get, "FixtureItem", DefaultParameterSetName = "ByName", SupportsShouldProcess = true)]
[OutputType(typeof(FixtureItem))]
public sealed class GetFixtureItemCommand : FixtureCmdletBase
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByName", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ItemName", "item_name")]
    public string[] Name { get; set; } = new string[0];

    [Parameter(Mandatory = true, ParameterSetName = "ById", ValueFromPipelineByPropertyName = true)]
    public int Id { get; set; }

    [Parameter]
    [ValidateSet("Small", "Large")]
    public string? Size { get; set; }

    [Parameter]
    public FixtureColor Color { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Timeout { get; set; }

    [Parameter]
    public decimal? MaxCost { get; set; }

    [Parameter]
    [ValidateLength(3, 10)]
    public string? Label { get; set; }

    [Parameter]
    public Hashtable? Tags { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter(DontShow = true)]
    public string? Internal { get; set; }

    public string? NotAParameter { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            if (ShouldProcess(name))
            {
                WriteObject(new FixtureItem { Name = name });
            }
        }
    }
}
