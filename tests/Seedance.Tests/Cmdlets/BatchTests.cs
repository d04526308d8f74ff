using System.Linq;
using Xunit;

namespace Seedance.Tests.Cmdlets;

[Collection("Module")]
public sealed class BatchTests : ConnectedModule
{
    private const string Pipeline = "1..150 | ForEach-Object { [pscustomobject]@{ prompt = \"batched scene $_\"; client_ref = \"batch-$_\"; duration = '4' } } | New-SeedanceRun -Batch";

    [Fact]
    public void Batch_sends_a_hundred_rows_per_request_and_each_run_keeps_its_row()
    {
        var result = Run(Pipeline);

        result.AssertNoErrors();
        var stats = Emulator.GetStats();
        Assert.Equal(2, stats.Requests("POST /v1/models/{model}/batches"));
        Assert.Equal(0, stats.Requests("POST /v1/models/{model}/runs"));
        Assert.Equal(150, stats.RunsCreated);
        // Each batch's runs are read with one search of the batch's moments, not one read each.
        Assert.Equal(2, stats.Requests("GET /v1/runs"));
        Assert.Equal(0, stats.Requests("GET /v1/runs/{id}"));
        AssertEachRunKeepsItsRow(result);

        var again = Run(Pipeline.Replace("-Batch", "-Batch -SkipExisting"));
        again.AssertNoErrors();
        Assert.Equal(150, Emulator.GetStats().RunsCreated);
    }

    [Fact]
    public void Runs_the_search_does_not_list_yet_are_read_one_by_one()
    {
        // The search index shows a run only ten minutes after it was made: the batch's search finds none of them.
        Emulator.Options.SearchLagMinMs = 600_000;
        Emulator.Options.SearchLagMaxMs = 600_000;

        var result = Run(Pipeline);

        result.AssertNoErrors();
        var stats = Emulator.GetStats();
        Assert.Equal(2, stats.Requests("POST /v1/models/{model}/batches"));
        Assert.Equal(150, stats.Requests("GET /v1/runs/{id}"));
        AssertEachRunKeepsItsRow(result);
    }

    [Fact]
    public void A_model_without_batches_falls_back_to_one_request_per_row()
    {
        Emulator.Options.NoBatches = true;

        var result = Run(Pipeline.Replace("1..150", "1..5") + " -Verbose");

        result.AssertNoErrors();
        var stats = Emulator.GetStats();
        // The API reference's body, then (on its 422) the batch guide's once; then one request per row.
        Assert.Equal(2, stats.Requests("POST /v1/models/{model}/batches"));
        Assert.Equal(5, stats.Requests("POST /v1/models/{model}/runs"));
        Assert.Equal(5, result.Output.Count);
        Assert.Contains(result.Verbose, line => line.Contains("submitted one by one"));
    }

    private void AssertEachRunKeepsItsRow(ScriptResult result)
    {
        Assert.Equal(150, result.Output.Count);
        foreach (var run in result.Output)
        {
            var index = run.Property<int>("InputIndex");
            Assert.Equal($"batch-{index + 1}", run.Property<string>("ClientRef"));
            Assert.Equal($"batched scene {index + 1}", run.Property<string>("Prompt"));
            Assert.Equal(run.Property<string>("Id"), Assert.Single(Emulator.RunIdsForClientRef($"batch-{index + 1}")));
        }
    }
}
