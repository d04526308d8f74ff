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
    private const int QueuedMs = 500;
    private const int DispatchingMs = 250;
    private const int RunningMs = 1250;
    private const int Concurrency = 50;
    private const long VideoBytes = 2 * 1024 * 1024;
    private const int SequentialSample = 5;

    private static readonly string EmulatorArguments = string.Create(CultureInfo.InvariantCulture,
        $"--queued-ms {QueuedMs} --dispatching-ms {DispatchingMs} --running-ms {RunningMs} --concurrency {Concurrency} --video-bytes {VideoBytes} --balance 100000");

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 5 && args[0] == MemoryProbe.ChildSwitch)
        {
            return MemoryProbe.RunChild(args);
        }

        if (args.Length >= 1 && args[0] == PwshMemoryProbe.Switch)
        {
            return await PwshMemoryProbe.RunAsync(FindRoot(), EmulatorArguments, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 512);
        }

        if (args.Length >= 1 && args[0] == "--memory")
        {
            var total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 512;
            var repository = FindRoot();
            Console.WriteLine($"Memory: {total} runs of {VideoBytes / 1048576} MB through the pipeline in a fresh process that hosts only PowerShell and the module.");
            using var emulator = EmulatorProcess.Start(repository, EmulatorArguments);
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

        var batch = args.Contains("--batch");
        var numbers = args.Where(arg => arg != "--batch").ToArray();
        var sizes = numbers.Length == 0 ? new[] { 50, 200, 1000 } : numbers.Select(arg => int.Parse(arg, CultureInfo.InvariantCulture)).ToArray();
        var root = FindRoot();
        var module = Path.Combine(root, "out", "Seedance", "Seedance.psd1");
        var emulatorArguments = EmulatorArguments;
        Console.WriteLine($"Emulator: {QueuedMs} ms queued + {DispatchingMs} ms dispatching + {RunningMs} ms running, at most {Concurrency} at once, {VideoBytes / 1048576} MB videos.");
        Console.WriteLine($"Pipeline: rows | New-SeedanceRun -ThrottleLimit 16{(batch ? " -Batch" : string.Empty)} | Wait-SeedanceRun | Save-SeedanceVideo -ThrottleLimit 8");
        Console.WriteLine();

        TimeSpan sequentialPerRun;
        using (var emulator = EmulatorProcess.Start(root, emulatorArguments))
        {
            var directory = Scratch();
            var elapsed = await SequentialClient.RunAsync(emulator, SequentialSample, directory);
            Directory.Delete(directory, true);
            sequentialPerRun = elapsed / SequentialSample;
            Console.WriteLine($"Sequential client (submit, poll every 2 s, download, next): {sequentialPerRun.TotalSeconds:0.00} s per run, measured on {SequentialSample} runs.");
            Console.WriteLine();
        }

        Console.WriteLine("     N |  wall s | ideal s | ratio | sequential s (est.) | speed-up | req/run (all) | req/run waiting | peak WS MB (before run) | GB saved");
        Console.WriteLine("-------+---------+---------+-------+---------------------+----------+---------------+-----------------+-------------------------+---------");
        foreach (var size in sizes)
        {
            using var emulator = EmulatorProcess.Start(root, emulatorArguments);
            var directory = Scratch();
            try
            {
                var result = RunPipeline(module, emulator.ApiUrl, emulator.ApiKey, size, directory, batch);
                using var stats = await emulator.StatsAsync();
                var routes = stats.RootElement.GetProperty("requests_by_route").EnumerateObject()
                    .ToDictionary(route => route.Name, route => route.Value.GetInt64());
                long Route(string name) => routes.TryGetValue(name, out var count) ? count : 0;
                var apiRequests = routes.Where(route => route.Key.Contains(" /v1/", StringComparison.Ordinal)).Sum(route => route.Value);
                var waiting = Route("GET /v1/runs") + Route("GET /v1/runs/{id}");
                var ideal = TimeSpan.FromMilliseconds(QueuedMs + Math.Ceiling(size / (double)Concurrency) * (DispatchingMs + RunningMs));
                var sequential = sequentialPerRun * size;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "{0,6} | {1,7:0.00} | {2,7:0.00} | {3,5:0.00} | {4,19:0} | {5,7:0.0}x | {6,13:0.00} | {7,15:0.00} | {8,10:0} ({10,10:0}) | {9,7:0.00}",
                    size, result.Elapsed.TotalSeconds, ideal.TotalSeconds, result.Elapsed / ideal, sequential.TotalSeconds,
                    sequential / result.Elapsed, apiRequests / (double)size, waiting / (double)size, result.PeakWorkingSet / 1048576.0,
                    result.BytesSaved / 1073741824.0, result.BaselineWorkingSet / 1048576.0));
                if (result.Saved != size || result.Errors > 0)
                {
                    Console.WriteLine($"       ! {result.Saved} of {size} videos saved, {result.Errors} error record(s): {result.FirstError}");
                }

                Console.WriteLine($"       managed heap after the run, with its {result.Saved} output objects still held: {result.ManagedHeapWithResults / 1048576.0:0.0} MB");
                Console.WriteLine("       requests by route: " + string.Join(", ", routes.OrderByDescending(route => route.Value).Select(route => $"{route.Key} {route.Value}")));
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }

        return 0;
    }

    internal static PipelineResult RunPipeline(string module, string apiUrl, string apiKey, int size, string directory, bool batch)
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
            param($count, $dir, $batch)
            1..$count | ForEach-Object { [pscustomobject]@{ client_ref = "bench-$_"; prompt = "Benchmark scene $_"; duration = '4'; resolution = '720p' } } |
                New-SeedanceRun -ThrottleLimit 16 -Batch:$batch | Wait-SeedanceRun | Save-SeedanceVideo -Directory $dir -ThrottleLimit 8
            """).AddArgument(size).AddArgument(directory).AddArgument(batch);
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

    internal sealed record PipelineResult(TimeSpan Elapsed, int Saved, int Errors, string? FirstError, long PeakWorkingSet, bool PeakSinceConnect,
        long BaselineWorkingSet, long BytesSaved, long ManagedHeapWithResults, long AllocatedBytes);
}
