using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Seedance.Engine;
using Xunit;

namespace Seedance.Tests.Cmdlets;

/// <summary>Run ids and client refs complete from the runs this session created, read or emitted, without asking the API.</summary>
[Collection("Module")]
public sealed class RunCompletionTests : ConnectedModule
{
    // A thousand runs cost more than the emulator's default credit.
    protected override void Configure(Seedance.Emulator.EmulatorOptions options) => options.Balance = 100_000m;

    [Fact]
    public void Ids_and_client_refs_of_the_session_runs_complete_on_every_run_parameter()
    {
        var created = Run("'tab-alpha', 'tab beta', 'tab-gamma' | ForEach-Object { New-SeedanceRun -Prompt \"scene $_\" -ClientRef $_ }");
        created.AssertNoErrors();
        var ids = created.Output.Select(run => run.Property<string>("Id")).ToList();
        var searchesBefore = Emulator.GetStats().RequestsByRoute.Values.Sum();

        foreach (var line in new[] { "Get-SeedanceRun -Id ", "Stop-SeedanceRun -Id ", "Wait-SeedanceRun -Id ", "Wait-SeedanceRun ", "Save-SeedanceVideo -RunId ", "Save-SeedanceVideo -Directory . " })
        {
            var offered = Complete(line);
            Assert.True(ids.AsEnumerable().Reverse().SequenceEqual(offered.Take(3)), $"'{line}' offered {string.Join(", ", offered)}");
        }

        var one = ids[1];
        Assert.Equal(new[] { one }, Complete("Get-SeedanceRun -Id " + one.Substring(0, one.Length - 3)));
        Assert.Equal(new[] { "tab-gamma", "'tab beta'", "tab-alpha" }, Complete("Get-SeedanceRun -ClientRef tab"));
        Assert.Equal(new[] { "'tab beta'" }, Complete("Get-SeedanceRun -ClientRef 'tab b"));
        Assert.Equal(searchesBefore, Emulator.GetStats().RequestsByRoute.Values.Sum());
        var tooltip = CompleteResults("Get-SeedanceRun -Id " + one).Single().ToolTip;
        Assert.Contains("tab beta", tooltip);
        Assert.Contains("scene tab beta", tooltip);
    }

    [Fact]
    public async Task A_run_made_elsewhere_completes_once_this_session_has_read_it()
    {
        using var client = new RunflowClient(new RunflowClientOptions { BaseUri = Emulator.ApiUrl, ApiKey = new ApiKey(Emulator.ApiKey) });
        using var anotherTool = new Submitter(client);
        var elsewhere = (await anotherTool.SubmitAsync(new CreateRunRequest
        {
            Model = SeedanceModels.TextToVideo,
            Input = new Dictionary<string, object?> { ["prompt"] = "made by another tool" },
            ClientRef = "elsewhere-1",
        })).Run!;

        var before = Complete("Get-SeedanceRun -Id ");
        Run("Get-SeedanceRun -ClientRef 'elsewhere-1' | Out-Null").AssertNoErrors();
        var after = Complete("Get-SeedanceRun -Id ");

        Assert.DoesNotContain(elsewhere.Id, before);
        Assert.Equal(elsewhere.Id, after.First());
        // An id can be found by the start of its client ref too; the id is what completes.
        Assert.Equal(new[] { elsewhere.Id }, Complete("Stop-SeedanceRun -Id elsewhere"));
    }

    [Fact]
    public void The_list_keeps_the_newest_thousand_runs()
    {
        var created = Run("1..1010 | ForEach-Object { [pscustomobject]@{ prompt = \"many $_\"; client_ref = \"many-$_\" } } | New-SeedanceRun -Batch | ForEach-Object ClientRef");
        created.AssertNoErrors();
        var emitted = created.Output.Select(clientRef => clientRef.ToString()).ToList();

        var refs = Complete("Get-SeedanceRun -ClientRef many-");

        Assert.Equal(1010, emitted.Count);
        Assert.Equal(emitted.AsEnumerable().Reverse().Take(1000), refs);
    }

    [Fact]
    public void Statuses_models_and_input_values_complete_as_text_that_reads_back_as_the_same_string()
    {
        Assert.Equal(new[] { "queued", "dispatching", "running", "succeeded", "failed", "canceled", "partial_succeeded" },
            Complete("Get-SeedanceRun -Status "));
        Assert.Equal(new[] { "canceled" }, Complete("Get-SeedanceRun -Status 'CA"));
        Assert.Equal(new[] { "'bytedance/seedance/2.0/fast/text-to-video'" }, Complete("Get-SeedanceRun -Model fast/text"));
        Assert.Equal(new[] { "'16:9'" }, Complete("New-SeedanceRun -AspectRatio 16"));
        // A value that does not start with a letter is quoted, so none can be read as a number (a bare 1e3 is 1000).
        Assert.Equal(new[] { "'10'", "'11'", "'12'", "'13'", "'14'", "'15'" }, Complete("New-SeedanceRun -Duration 1"));
        Assert.Equal(new[] { "auto" }, Complete("New-SeedanceRun -Duration a"));
    }

    private List<string> Complete(string line) => CompleteResults(line).Select(match => match.CompletionText).ToList();

    private IReadOnlyList<CompletionResult> CompleteResults(string line)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = Shell.Runspace;
        return CommandCompletion.CompleteInput(line, line.Length, null, shell).CompletionMatches.ToList();
    }
}
