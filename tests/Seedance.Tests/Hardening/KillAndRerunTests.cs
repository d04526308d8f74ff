using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Seedance.Tests.Integration;
using Xunit;
using Xunit.Abstractions;

namespace Seedance.Tests.Hardening;

/// <summary>
/// A real pwsh process running the CSV pipeline is killed with SIGKILL at a named moment of a paid create or a download
/// (see the engine's HaltPoint), then another process runs the same line: every row ends with exactly one run and its
/// complete video, and nothing partial is left under a final name.
/// </summary>
[Collection("Module")]
public sealed class KillAndRerunTests : IDisposable
{
    private const int Rows = 6;
    private readonly ITestOutputHelper output;
    private readonly string root = Path.Combine(Path.GetTempPath(), "seedance-kill-" + Guid.NewGuid().ToString("N"));

    public KillAndRerunTests(ITestOutputHelper output)
    {
        this.output = output;
        Directory.CreateDirectory(root);
        File.WriteAllLines(Csv, new[] { "client_ref,prompt,duration" }.Concat(Enumerable.Range(1, Rows).Select(row => $"kill-{row},Killed scene {row},4")));
    }

    private string Csv => Path.Combine(root, "prompts.csv");

    private string Videos => Path.Combine(root, "videos");

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, true);
        }
    }

    [Theory]
    [InlineData("before-intent-flushed", 3, false)]
    [InlineData("before-send", 3, false)]
    [InlineData("before-send", 3, true)]
    [InlineData("create-in-flight", 3, false)]
    [InlineData("create-in-flight", 3, true)]
    [InlineData("before-run-id-recorded", 3, true)]
    [InlineData("mid-download", 2, false)]
    public async Task A_process_killed_at_a_named_moment_is_finished_by_the_next_one_paying_once_per_row(string point, int pass, bool idempotencyOff)
    {
        await using var emulated = await Emulated.StartAsync(options =>
        {
            options.NoIdempotency = idempotencyOff;
            options.VideoBytes = 1024 * 1024;
        });

        using (var killed = ChildShell.Start(Pipeline(), Environment(emulated, point, pass)))
        {
            var halted = await killed.WaitForHaltAsync(TimeSpan.FromSeconds(90));
            Assert.True(halted == point, $"the process did not reach {point}: {killed.Errors}");
            killed.KillHard();
        }

        var atKill = emulated.Emulator.GetStats().RunsCreated;

        // The next process comes a moment later than the connection's 1 s commit window, as a re-run by hand or by a
        // scheduler does: its new runs are what prove the search caught up past a create the kill may have sent.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        using (var rerun = ChildShell.Start(Pipeline(), Environment(emulated, null, 0)))
        {
            Assert.True(rerun.WaitForExit(TimeSpan.FromSeconds(120)), "the re-run did not finish: " + rerun.Errors);
            Assert.True(rerun.Errors.Trim().Length == 0,
                $"the re-run wrote errors ({emulated.Emulator.GetStats().RunsCreated} runs created, {atKill} at the kill): " + rerun.Errors);
        }

        var stats = emulated.Emulator.GetStats();
        output.WriteLine($"killed at {point} (pass {pass}, idempotency {(idempotencyOff ? "off" : "on")}): {atKill} runs at the kill, {stats.RunsCreated} after the re-run");
        Assert.Empty(stats.DuplicateClientRefs);
        Assert.Equal(Rows, stats.RunsCreated);
        for (var row = 1; row <= Rows; row++)
        {
            var runId = Assert.Single(emulated.Emulator.RunIdsForClientRef("kill-" + row));
            Assert.Equal(emulated.Emulator.GetVideoBytes(runId), File.ReadAllBytes(Path.Combine(Videos, $"kill-{row}.mp4")));
        }

        Assert.Equal(Rows, Directory.GetFiles(Videos, "*.mp4").Length);
        Assert.Empty(Directory.GetFiles(Videos, "*.partial"));
    }

    [Fact]
    public async Task Two_processes_on_one_csv_at_once_share_the_ledger_and_pay_once_per_row_where_the_server_ignores_keys()
    {
        await using var emulated = await Emulated.StartAsync(options =>
        {
            options.NoIdempotency = true;
            options.FaultSlowRate = 0.5;
            options.FaultSlowMs = 300;
        });

        using var first = ChildShell.Start(Pipeline(), Environment(emulated, null, 0));
        using var second = ChildShell.Start(Pipeline(), Environment(emulated, null, 0));
        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(120)) && second.WaitForExit(TimeSpan.FromSeconds(120)), "a process did not finish");

        var stats = emulated.Emulator.GetStats();
        output.WriteLine($"two processes at once, idempotency off: {stats.RunsCreated} runs for {Rows} rows; errors: {first.Errors}{second.Errors}");
        Assert.True(first.Errors.Trim().Length == 0 && second.Errors.Trim().Length == 0, first.Errors + second.Errors);
        Assert.Empty(stats.DuplicateClientRefs);
        Assert.Equal(Rows, stats.RunsCreated);
    }

    [Fact]
    public async Task Two_processes_with_separate_ledgers_on_one_csv_pay_once_per_row_where_the_server_honours_the_key()
    {
        await using var emulated = await Emulated.StartAsync(options =>
        {
            options.FaultSlowRate = 0.5;
            options.FaultSlowMs = 300;
        });
        var mine = Environment(emulated, null, 0);
        var theirs = Environment(emulated, null, 0);
        theirs["SEEDANCE_LEDGER_PATH"] = Path.Combine(root, "other-machine-ledger");

        using var first = ChildShell.Start(Pipeline(), mine);
        using var second = ChildShell.Start(Pipeline(), theirs);
        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(120)) && second.WaitForExit(TimeSpan.FromSeconds(120)), "a process did not finish");

        var stats = emulated.Emulator.GetStats();
        output.WriteLine($"two processes, separate ledgers, idempotency on: {stats.RunsCreated} runs for {Rows} rows, {stats.IdempotentReplays} replays");
        Assert.True(first.Errors.Trim().Length == 0 && second.Errors.Trim().Length == 0, first.Errors + second.Errors);
        Assert.Empty(stats.DuplicateClientRefs);
        Assert.Equal(Rows, stats.RunsCreated);
    }

    private string Pipeline() =>
        "Connect-Seedance -CommitWindowSec 1 -TimeoutSec 10; " +
        $"Import-Csv '{Csv}' | New-SeedanceRun -ThrottleLimit 1 | Wait-SeedanceRun | Save-SeedanceVideo -Directory '{Videos}' -FileName '{{ClientRef}}' | Out-Null";

    private Dictionary<string, string?> Environment(Emulated emulated, string? point, int pass) => new()
    {
        ["RUNFLOW_API_KEY"] = emulated.Emulator.ApiKey,
        ["RUNFLOW_BASE_URL"] = emulated.Emulator.ApiUrl.ToString(),
        ["SEEDANCE_LEDGER_PATH"] = Path.Combine(root, "ledger"),
        ["SEEDANCE_TEST_HALT_AT"] = point,
        ["SEEDANCE_TEST_HALT_AFTER"] = pass.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["NO_COLOR"] = "1",
    };
}
