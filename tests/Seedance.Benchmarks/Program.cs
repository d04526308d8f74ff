using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Benchmarks;

/// <summary>
/// The CSV pipeline (New-SeedanceRun | Wait-SeedanceRun | Save-SeedanceVideo) in a hosted runspace against the emulator
/// with realistic timings, for several batch sizes; prints wall time against the ideal bound the emulator allows,
/// requests per run, peak memory, and a sequential client for comparison. It asserts nothing.
/// </summary>
public static class Program
{
    private const int SequentialSample = 5;

    /// <summary>How many times each size runs by default; the table shows the median of each figure.</summary>
    private const int DefaultRepeats = 3;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 5 && args[0] == MemoryProbe.ChildSwitch)
        {
            return MemoryProbe.RunChild(args);
        }

        if (args.Length >= 1 && args[0] == PwshMemoryProbe.Switch)
        {
            return await PwshMemoryProbe.RunAsync(FindRoot(), BenchmarkCase.Short.EmulatorArguments, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 512,
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : PwshMemoryProbe.DefaultPasses,
                args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0);
        }

        if (args.Length >= 1 && args[0] == "--memory")
        {
            var total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 512;
            var repository = FindRoot();
            Console.WriteLine($"Memory: {total} runs of {BenchmarkCase.VideoBytes / 1048576} MB through the pipeline in a fresh process that hosts only PowerShell and the module.");
            using var emulator = EmulatorProcess.Start(repository, BenchmarkCase.Short.EmulatorArguments);
            var directory = Scratch();
            try
            {
                return await MemoryProbe.RunAsync(Path.Combine(repository, "out", "Seedance", "Seedance.psd1"), emulator, total, directory);
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }

        var switches = new[] { "--batch", "--no-id-filter", "--real-length" };
        var batch = args.Contains("--batch");
        var benchmark = args.Contains("--real-length") ? BenchmarkCase.RealLength : args.Contains("--no-id-filter") ? BenchmarkCase.NoIdFilter : BenchmarkCase.Short;
        var repeatAt = Array.IndexOf(args, "--repeat");
        var repeats = repeatAt >= 0 ? int.Parse(args[repeatAt + 1], CultureInfo.InvariantCulture) : DefaultRepeats;
        var numbers = args.Where((arg, index) => !switches.Contains(arg) && arg != "--repeat" && (repeatAt < 0 || index != repeatAt + 1)).ToArray();
        var sizes = numbers.Length == 0 ? (benchmark == BenchmarkCase.RealLength ? new[] { 200 } : new[] { 50, 200, 1000 })
            : numbers.Select(arg => int.Parse(arg, CultureInfo.InvariantCulture)).ToArray();
        var root = FindRoot();
        var module = Path.Combine(root, "out", "Seedance", "Seedance.psd1");
        Console.WriteLine("Emulator: " + benchmark.Describe());
        Console.WriteLine($"Pipeline: rows | New-SeedanceRun -ThrottleLimit 16{(batch ? " -Batch" : string.Empty)} | Wait-SeedanceRun | Save-SeedanceVideo -ThrottleLimit 8; ledger on; each figure the median of {repeats} run(s).");
        Console.WriteLine();

        // The sequential client is measured on the short runs only; at 60 s a run its estimate is simply N x 60 s.
        TimeSpan? sequentialPerRun = null;
        if (benchmark != BenchmarkCase.RealLength)
        {
            using var emulator = EmulatorProcess.Start(root, benchmark.EmulatorArguments);
            var directory = Scratch();
            var elapsed = await SequentialClient.RunAsync(emulator, SequentialSample, directory);
            Directory.Delete(directory, true);
            sequentialPerRun = elapsed / SequentialSample;
            Console.WriteLine($"Sequential client (submit, poll every 2 s, download, next): {sequentialPerRun.Value.TotalSeconds:0.00} s per run, measured on {SequentialSample} runs.");
            Console.WriteLine();
        }

        Console.WriteLine("     N |  wall s | ideal s | ratio | sequential s (est.) | speed-up | req/run (all) | req/run waiting | peak WS MB (before run) | GB saved");
        Console.WriteLine("-------+---------+---------+-------+---------------------+----------+---------------+-----------------+-------------------------+---------");
        foreach (var size in sizes)
        {
            var ideal = benchmark.IdealFor(size);
            var measured = new List<Measurement>();
            for (var repeat = 0; repeat < repeats; repeat++)
            {
                var measurement = await MeasureAsync(root, module, benchmark, size, batch);
                measured.Add(measurement);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "       run {0}: {1:0.00} s ({2:0.000}x), server's first create to last completion {6:0.00} s, {3:0.00} requests/run, {4:0.00} while waiting; {5}",
                    repeat + 1, measurement.Result.Elapsed.TotalSeconds, measurement.Result.Elapsed / ideal, measurement.RequestsPerRun, measurement.WaitingPerRun, measurement.Routes,
                    measurement.ServerSpan.TotalSeconds));
                if (measurement.Result.Saved != size || measurement.Result.Errors > 0)
                {
                    Console.WriteLine($"       ! {measurement.Result.Saved} of {size} videos saved, {measurement.Result.Errors} error record(s): {measurement.Result.FirstError}");
                }
            }

            double Median(Func<Measurement, double> figure) => measured.Select(figure).OrderBy(value => value).ElementAt(measured.Count / 2);
            var wall = TimeSpan.FromSeconds(Median(item => item.Result.Elapsed.TotalSeconds));
            var sequential = (sequentialPerRun ?? TimeSpan.FromMilliseconds(benchmark.QueuedMs + benchmark.DispatchingMs + benchmark.RunningMs)) * size;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0,6} | {1,7:0.00} | {2,7:0.00} | {3,5:0.000} | {4,19:0} | {5,7:0.0}x | {6,13:0.00} | {7,15:0.00} | {8,10:0} ({10,10:0}) | {9,7:0.00}",
                size, wall.TotalSeconds, ideal.TotalSeconds, wall / ideal, sequential.TotalSeconds, sequential / wall,
                Median(item => item.RequestsPerRun), Median(item => item.WaitingPerRun), Median(item => item.Result.PeakWorkingSet / 1048576.0),
                Median(item => item.Result.BytesSaved / 1073741824.0), Median(item => item.Result.BaselineWorkingSet / 1048576.0)));
            Console.WriteLine($"       managed heap after the last run, with its {measured[^1].Result.Saved} output objects still held: {measured[^1].Result.ManagedHeapWithResults / 1048576.0:0.0} MB");
        }

        return 0;
    }

    private static async Task<Measurement> MeasureAsync(string root, string module, BenchmarkCase benchmark, int size, bool batch)
    {
        using var emulator = EmulatorProcess.Start(root, benchmark.EmulatorArguments);
        var directory = Scratch();
        try
        {
            var result = RunPipeline(module, emulator.ApiUrl, emulator.ApiKey, size, directory, batch, benchmark);
            var serverSpan = await emulator.ServerSpanAsync();
            using var stats = await emulator.StatsAsync();
            var routes = stats.RootElement.GetProperty("requests_by_route").EnumerateObject()
                .ToDictionary(route => route.Name, route => route.Value.GetInt64());
            long Route(string name) => routes.TryGetValue(name, out var count) ? count : 0;
            var apiRequests = routes.Where(route => route.Key.Contains(" /v1/", StringComparison.Ordinal)).Sum(route => route.Value);
            var waiting = Route("GET /v1/runs") + Route("GET /v1/runs/{id}");
            return new Measurement(result, apiRequests / (double)size, waiting / (double)size, serverSpan,
                string.Join(", ", routes.OrderByDescending(route => route.Value).Select(route => $"{route.Key} {route.Value}")));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    internal static PipelineResult RunPipeline(string module, string apiUrl, string apiKey, int size, string directory, bool batch, BenchmarkCase benchmark)
    {
        var state = InitialSessionState.CreateDefault2();
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript("Import-Module $args[0]; Connect-Seedance -ApiKey $args[1] -BaseUri $args[2]")
            .AddArgument(module).AddArgument(apiKey).AddArgument(apiUrl);
        shell.Invoke();
        shell.Commands.Clear();
        GC.Collect();
        using var before = Process.GetCurrentProcess();
        var baseline = before.WorkingSet64;

        var peakWasReset = PeakWorkingSet.TryReset();

        shell.AddScript("""
            param($count, $dir, $batch, $duration, $resolution)
            1..$count | ForEach-Object { [pscustomobject]@{ client_ref = "bench-$_"; prompt = "Benchmark scene $_"; duration = $duration; resolution = $resolution } } |
                New-SeedanceRun -ThrottleLimit 16 -Batch:$batch | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir -ThrottleLimit 8
            """).AddArgument(size).AddArgument(directory).AddArgument(batch).AddArgument(benchmark.Duration).AddArgument(benchmark.Resolution);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var output = shell.Invoke();
        stopwatch.Stop();
        var peak = PeakWorkingSet.Read();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var bytes = Directory.GetFiles(directory).Sum(file => new FileInfo(file).Length);
        var heapWithResults = GC.GetTotalMemory(forceFullCollection: true);
        return new PipelineResult(stopwatch.Elapsed, output.Count, shell.Streams.Error.Count,
            shell.Streams.Error.FirstOrDefault()?.ToString(), peak, peakWasReset, baseline, bytes, heapWithResults, allocated);
    }

    internal static string Scratch()
    {
        var directory = Path.Combine(Path.GetTempPath(), "seedance-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Seedance.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }

    private sealed record Measurement(PipelineResult Result, double RequestsPerRun, double WaitingPerRun, TimeSpan ServerSpan, string Routes);

    internal sealed record PipelineResult(TimeSpan Elapsed, int Saved, int Errors, string? FirstError, long PeakWorkingSet, bool PeakSinceConnect,
        long BaselineWorkingSet, long BytesSaved, long ManagedHeapWithResults, long AllocatedBytes);
}
