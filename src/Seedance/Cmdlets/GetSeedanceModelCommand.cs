using System;
using System.Linq;
using System.Management.Automation;
using Seedance.Engine;
using Seedance.Infrastructure;

namespace Seedance.Cmdlets;

/// <summary>Get-SeedanceModel: describes Seedance models (inputs, allowed values, pricing note) from Runflow's catalog.</summary>
[Cmdlet(VerbsCommon.Get, "SeedanceModel", DefaultParameterSetName = ListSet)]
[OutputType(typeof(ModelInfo))]
public sealed class GetSeedanceModelCommand : SeedanceApiCmdlet
{
    private const string ListSet = "List";
    private const string NameSet = "Name";

    /// <summary>A model path such as bytedance/seedance/2.0/text-to-video.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Model", "Slug")]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Lists every model of the catalog, not only Seedance ones.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == NameSet)
        {
            foreach (var name in Name.Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value.Trim().Trim('/')))
            {
                try
                {
                    WriteObject(RunWhilePumping(token => Client.GetModelAsync(name, token)));
                }
                catch (Exception exception) when (exception is RunflowException or ArgumentException)
                {
                    WriteFailure(exception, name, $"Model {name}");
                }
            }

            return;
        }

        try
        {
            var models = RunWhilePumping(token => Client.GetModelsAsync(All.IsPresent ? null : "seedance", token));
            foreach (var model in models.Where(model => All.IsPresent || (model.Slug ?? string.Empty).IndexOf("seedance", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                WriteObject(model);
            }
        }
        catch (RunflowException exception)
        {
            ThrowFailure(exception, null, "Listing models failed");
        }
    }
}
