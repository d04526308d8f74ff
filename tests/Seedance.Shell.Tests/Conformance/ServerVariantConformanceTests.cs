using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Seedance.Engine;
using Seedance.Tests.Cmdlets;
using Seedance.Tests.Integration;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Shell.Tests.Conformance;

/// <summary>
/// The README's CSV pipeline against every server behaviour the docs allow (alone, all together and in mixes): no row
/// is ever paid for twice, and every row ends as a video on disk or an error record that names it. Nothing is silent.
/// </summary>
[Collection("Module")]
public sealed class ServerVariantConformanceTests : IDisposable
{
    private const int Rows = 24;
    private readonly ITestOutputHelper output;
    private readonly string root = Path.Combine(Path.GetTempPath(), "seedance-conformance-" + Guid.NewGuid().ToString("N"));

    public ServerVariantConformanceTests(ITestOutputHelper output)
    {
        this.output = output;
        Directory.CreateDirectory(root);
        File.WriteAllLines(Csv, new[] { "client_ref,prompt,duration" }
            .Concat(Enumerable.Range(1, Rows).Select(row => $"row-{row},\"A conformance scene, number {row}\",4")));
    }

    private string Csv => Path.Combine(root, "prompts.csv");

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, true);
        }
    }

    [Theory]
    [MemberData(nameof(ServerVariants.Names), MemberType = typeof(ServerVariants))]
    public async Task The_csv_pipeline_pays_once_per_row_and_accounts_for_every_row(string name)
    {
        var variant = ServerVariants.Named(name);
        await using var emulated = await StartAsync(variant);
        var clock = Stopwatch.StartNew();

        var result = RunPipeline(emulated, variant, "only");

        clock.Stop();
        var tally = Account(emulated, result, Path.Combine(root, "only", "videos"));
        output.WriteLine($"| {variant.Name} | {Rows} | {tally.Runs} | {tally.Videos} | {result.Errors.Count} ({tally.ErrorIds}) | {clock.Elapsed.TotalSeconds:0.0} s |");
    }

    [Fact]
    public async Task Two_processes_with_separate_ledgers_on_one_csv_pay_once_per_row_where_the_server_honours_the_key()
    {
        var variant = ServerVariants.Named("documented defaults");
        await using var emulated = await StartAsync(variant);
        var clock = Stopwatch.StartNew();

        var both = await Task.WhenAll(Task.Run(() => RunPipeline(emulated, variant, "first")), Task.Run(() => RunPipeline(emulated, variant, "second")));

        clock.Stop();
        var first = Account(emulated, both[0], Path.Combine(root, "first", "videos"));
        var second = Account(emulated, both[1], Path.Combine(root, "second", "videos"));
        Assert.Equal(Rows, emulated.Emulator.GetStats().RunsCreated);
        output.WriteLine($"| two processes, separate ledgers | {Rows} | {first.Runs} | {first.Videos} + {second.Videos} | {both[0].Errors.Count} + {both[1].Errors.Count} | {clock.Elapsed.TotalSeconds:0.0} s |");
    }

    [Fact]
    public async Task Running_the_same_line_again_without_SkipExisting_pays_for_nothing_on_a_server_that_ignores_keys()
    {
        var variant = ServerVariants.Named("no Idempotency-Key on single creates");
        await using var emulated = await StartAsync(variant);

        var first = RunPipeline(emulated, variant, "again");
        var afterFirst = emulated.Emulator.GetStats().RunsCreated;
        var second = RunPipeline(emulated, variant, "again");

        first.AssertNoErrors();
        second.AssertNoErrors();
        Assert.Equal(Rows, afterFirst);
        Assert.Equal(Rows, emulated.Emulator.GetStats().RunsCreated);
        Assert.Equal(Rows, second.Output.Count);
        Account(emulated, second, Path.Combine(root, "again", "videos"));
    }

    /// <summary>The variant's emulator, on compressed time unless the variant needs real time; the pipelines connect on
    /// the same clock (<see cref="Emulated.Clock"/>).</summary>
    private static Task<Emulated> StartAsync(ServerVariant variant) => Emulated.StartAsync(options =>
    {
        options.QueuedMs = 50;
        options.DispatchingMs = 20;
        options.RunningMs = 150;
        options.Seed = 9;
        variant.Configure(options);
    }, variant.TimeFactor > 1 ? new CompressedClock(variant.TimeFactor) : null);

    private ScriptResult RunPipeline(Emulated emulated, ServerVariant variant, string process)
    {
        using var shell = new ModuleRunspace(fullShell: true);
        if (emulated.Clock is not null)
        {
            shell.UseClock(emulated.Clock);
        }

        var variables = new Dictionary<string, object?>
        {
            ["key"] = emulated.Emulator.ApiKey,
            ["url"] = emulated.Emulator.ApiUrl.ToString(),
            ["csv"] = Csv,
            ["ledger"] = Path.Combine(root, process, "ledger"),
            ["dir"] = Path.Combine(root, process, "videos"),
        };
        shell.Run($"Connect-Seedance -ApiKey $key -BaseUri $url -LedgerPath $ledger {variant.ConnectArguments}", variables).AssertNoErrors();
        var batch = variant.Batch ? "-Batch" : string.Empty;
        var result = shell.Run(
            $"Import-Csv $csv | New-SeedanceRun -ThrottleLimit 4 {batch} | Wait-SeedanceRun -Timeout 180 | Save-SeedanceVideo -Directory $dir -FileName '{{ClientRef}}'",
            variables);
        shell.Run("Disconnect-Seedance");
        Assert.Null(result.TerminatingError);
        return result;
    }

    /// <summary>Every row: at most one run; a video (byte for byte the run's) or an error record naming the row or its run.</summary>
    private static (int Runs, int Videos, string ErrorIds) Account(Emulated emulated, ScriptResult result, string directory)
    {
        var stats = emulated.Emulator.GetStats();
        Assert.Empty(stats.DuplicateClientRefs);
        var errors = result.Errors.Select(error => error.ToString() + " " + error.TargetObject).ToList();
        var runs = 0;
        var videos = 0;
        for (var row = 1; row <= Rows; row++)
        {
            var clientRef = "row-" + row;
            var runIds = emulated.Emulator.RunIdsForClientRef(clientRef);
            Assert.True(runIds.Count <= 1, $"{clientRef} was paid for {runIds.Count} times");
            runs += runIds.Count;
            var video = Path.Combine(directory, clientRef + ".mp4");
            if (File.Exists(video))
            {
                videos++;
                Assert.Equal(emulated.Emulator.GetVideoBytes(Assert.Single(runIds)), File.ReadAllBytes(video));
                continue;
            }

            Assert.True(errors.Any(error => error.Contains("'" + clientRef + "'") || runIds.Any(error.Contains)),
                $"{clientRef} ended silently: no video and no error naming it. Errors: {string.Join(" | ", errors)}");
        }

        Assert.Equal(runs, stats.RunsCreated);
        var ids = result.Errors.GroupBy(error => error.FullyQualifiedErrorId.Split(',')[0]).Select(group => $"{group.Key} {group.Count()}");
        return (runs, videos, string.Join(", ", ids));
    }
}
