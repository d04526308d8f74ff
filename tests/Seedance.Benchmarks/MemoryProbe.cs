using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json;
using System.Threading.Tasks;

namespace Seedance.Benchmarks;

/// <summary>
/// The memory figure for "1 GB of videos downloaded": the pipeline runs in a child process that does nothing else
/// (no sequential client, no earlier batch sizes, no emulator), so its peak working set is what a shell running the
/// same pipeline would show, and the figure cannot be inflated or flattered by the benchmark's own work.
/// </summary>
internal static class MemoryProbe
{
    public const string ChildSwitch = "--memory-child";

    public static async Task<int> RunAsync(string module, EmulatorProcess emulator, int size, string directory)
    {
        var self = typeof(MemoryProbe).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { self, ChildSwitch, module, emulator.ApiUrl, emulator.ApiKey, $"{size}|{directory}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var report = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            Console.WriteLine($"The probe process failed ({child.ExitCode}): {report}");
            return 1;
        }

        using var json = JsonDocument.Parse(report);
        var root = json.RootElement;
        double Mb(string name) => root.GetProperty(name).GetInt64() / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  working set: {Mb("before_import"):0} MB with the engine loaded, {Mb("after_connect"):0} MB after Import-Module and Connect-Seedance, peak {Mb("peak"):0} MB {(root.GetProperty("peak_since_connect").GetBoolean() ? "while the pipeline ran" : "since the process started")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  managed heap after the run {Mb("heap_after"):0.0} MB, {Mb("allocated"):0} MB allocated in all ({Mb("allocated") * 1024 / root.GetProperty("saved").GetInt32():0} KB per run); {root.GetProperty("saved").GetInt32()} videos, {Mb("bytes_saved") / 1024:0.00} GB on disk, {root.GetProperty("errors").GetInt32()} error record(s), {root.GetProperty("seconds").GetDouble():0.0} s"));
        return 0;
    }

    public static int RunChild(string[] args)
    {
        var module = args[1];
        var apiUrl = args[2];
        var apiKey = args[3];
        var sizeAndDirectory = args[4].Split('|', 2);
        var size = int.Parse(sizeAndDirectory[0], CultureInfo.InvariantCulture);

        using var process = Process.GetCurrentProcess();
        using (var warmUp = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2()))
        {
            warmUp.Open();
        }

        GC.Collect();
        process.Refresh();
        var beforeImport = process.WorkingSet64;

        using var sampler = Environment.GetEnvironmentVariable("SEEDANCE_BENCH_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
        var result = Program.RunPipeline(module, apiUrl, apiKey, size, sizeAndDirectory[1], batch: false, BenchmarkCase.Short);
        if (sampler is not null)
        {
            Console.Error.WriteLine(sampler.Top(25));
        }

        if (Environment.GetEnvironmentVariable("SEEDANCE_BENCH_ALLOCATIONS") == "1" && File.Exists("/proc/self/status"))
        {
            process.Refresh();
            Console.Error.WriteLine($"threads {process.Threads.Count}; GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:0.0} MB; " +
                string.Join("; ", File.ReadAllLines("/proc/self/status").Where(line => line.StartsWith("Rss", StringComparison.Ordinal) || line.StartsWith("VmHWM", StringComparison.Ordinal))));
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            before_import = beforeImport,
            after_connect = result.BaselineWorkingSet,
            peak = result.PeakWorkingSet,
            peak_since_connect = result.PeakSinceConnect,
            heap_after = result.ManagedHeapWithResults,
            allocated = result.AllocatedBytes,
            saved = result.Saved,
            errors = result.Errors,
            bytes_saved = result.BytesSaved,
            seconds = result.Elapsed.TotalSeconds,
        }));
        return result.Errors == 0 && result.Saved == size ? 0 : 2;
    }
}
