using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace Seedance.Benchmarks;

/// <summary>
/// The memory figure as a user sees it: the pipeline in a real shell (the repository's <c>dotnet pwsh</c>, from its
/// tool manifest), not in a hosted runspace. After Import-Module and Connect-Seedance the shell collects, resets its
/// own high-water mark (writing 5 to /proc/self/clear_refs sets VmHWM to the current resident size), runs the pipeline
/// and reads VmHWM from /proc/self/status: the peak the pipeline added over the connected shell. Linux only.
/// </summary>
internal static class PwshMemoryProbe
{
    public const string Switch = "--memory-pwsh";

    // Runs in the child shell. The key comes in the environment (RUNFLOW_API_KEY), never on a command line.
    private const string Script = """
        param($Module, $BaseUri, $Count, $Directory, $WarmUp)
        $ErrorActionPreference = 'Stop'
        function Read-Status([string]$name) {
            $line = (Get-Content /proc/self/status) -match "^${name}:" | Select-Object -First 1
            [long]($line -replace '[^0-9]', '') * 1KB
        }
        $started = Read-Status VmRSS
        Import-Module $Module
        Connect-Seedance -BaseUri $BaseUri
        if ([int]$WarmUp -gt 0) {
            # The second figure: a shell that has run the pipeline once already (its code compiled, its types loaded).
            $null = 1..$WarmUp | ForEach-Object { [pscustomobject]@{ client_ref = "warm-$_"; prompt = "Warm-up scene $_"; duration = '4'; resolution = '720p' } } |
                New-SeedanceRun -ThrottleLimit 16 | Wait-SeedanceRun | Save-SeedanceVideo -Directory (Join-Path $Directory warm) -ThrottleLimit 8
        }
        $rows = 1..$Count | ForEach-Object { [pscustomobject]@{ client_ref = "mem-$_"; prompt = "Memory scene $_"; duration = '4'; resolution = '720p' } }
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $connected = Read-Status VmRSS
        $committedConnected = [GC]::GetGCMemoryInfo().TotalCommittedBytes
        $heapConnected = [GC]::GetTotalMemory($true)
        $anonConnected = Read-Status RssAnon; $fileConnected = Read-Status RssFile; $shmemConnected = Read-Status RssShmem
        $threadsConnected = (Get-Process -Id $PID).Threads.Count
        [System.IO.File]::WriteAllText('/proc/self/clear_refs', '5')
        $reset = Read-Status VmHWM
        $allocatedBefore = [GC]::GetTotalAllocatedBytes($true)
        $gen0 = [GC]::CollectionCount(0); $gen2 = [GC]::CollectionCount(2)
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $saved = $rows | New-SeedanceRun -ThrottleLimit 16 | Wait-SeedanceRun | Save-SeedanceVideo -Directory $Directory -ThrottleLimit 8 -ErrorVariable failures
        $clock.Stop()
        $peak = Read-Status VmHWM
        $info = [GC]::GetGCMemoryInfo()
        $savedCount = @($saved).Count
        $heapWithResults = [GC]::GetTotalMemory($true)
        # What the module keeps once the caller lets go of the pipeline's output.
        $saved = $null; $rows = $null
        $heapWithoutResults = [GC]::GetTotalMemory($true)
        [ordered]@{
            started = $started
            after_connect = $connected
            hwm_after_reset = $reset
            peak = $peak
            rss_after = Read-Status VmRSS
            allocated = [GC]::GetTotalAllocatedBytes($true) - $allocatedBefore
            gen0 = [GC]::CollectionCount(0) - $gen0
            gen2 = [GC]::CollectionCount(2) - $gen2
            heap_committed_connected = $committedConnected
            heap_connected = $heapConnected
            anon_connected = $anonConnected
            file_connected = $fileConnected
            anon_after = Read-Status RssAnon
            file_after = Read-Status RssFile
            shmem_connected = $shmemConnected
            shmem_after = Read-Status RssShmem
            threads_connected = $threadsConnected
            heap_committed = $info.TotalCommittedBytes
            threads = (Get-Process -Id $PID).Threads.Count
            heap_after = $heapWithResults
            heap_without_results = $heapWithoutResults
            saved = $savedCount
            errors = @($failures).Count
            bytes_saved = (Get-ChildItem $Directory -File | Measure-Object -Property Length -Sum).Sum
            seconds = $clock.Elapsed.TotalSeconds
        } | ConvertTo-Json -Compress
        """;

    public const int DefaultPasses = 3;

    /// <summary>Runs the pipeline of <paramref name="size"/> rows in <paramref name="passes"/> fresh shells, each against a
    /// fresh emulator (started with the benchmark's arguments), and prints each pass and the median.</summary>
    public static async Task<int> RunAsync(string repository, string emulatorArguments, int size, int passes, int warmUp)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("The pwsh memory probe reads /proc: Linux only.");
            return 1;
        }

        Console.WriteLine($"Memory in dotnet pwsh: {size} runs through the pipeline, median of {passes} fresh shells" +
            (warmUp > 0 ? $", each after a first pipeline of {warmUp} runs" : string.Empty) + $" ({emulatorArguments}).");
        var directory = Program.Scratch();
        try
        {
            return await RunPassesAsync(repository, emulatorArguments, size, directory, passes, warmUp);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    private static async Task<int> RunPassesAsync(string repository, string emulatorArguments, int size, string directory, int repeats, int warmUp)
    {
        var script = Path.Combine(directory, "probe.ps1");
        File.WriteAllText(script, Script);
        var deltas = new double[repeats];
        for (var attempt = 0; attempt < repeats; attempt++)
        {
            // A fresh emulator each pass: on the same one, a later pass's creates would be replays of runs that ended.
            using var emulator = EmulatorProcess.Start(repository, emulatorArguments);
            var videos = Path.Combine(directory, "videos-" + attempt);
            Directory.CreateDirectory(videos);
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = repository,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script,
                         Path.Combine(repository, "out", "Seedance", "Seedance.psd1"), emulator.ApiUrl, size.ToString(CultureInfo.InvariantCulture), videos,
                         warmUp.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["RUNFLOW_API_KEY"] = emulator.ApiKey;
            // Each pass its own ledger, so no pass skips what an earlier one created.
            start.Environment["SEEDANCE_LEDGER_PATH"] = Path.Combine(directory, "ledger-" + attempt);
            using var child = Process.Start(start)!;
            var report = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            var json = report.Trim().Split('\n')[^1];
            if (child.ExitCode != 0 || !json.StartsWith('{'))
            {
                Console.WriteLine($"The pwsh probe failed ({child.ExitCode}): {report}");
                return 1;
            }

            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            double Mb(string name) => root.GetProperty(name).GetDouble() / 1048576.0;
            deltas[attempt] = Mb("peak") - Mb("after_connect");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  pass {attempt + 1}: {Mb("started"):0} MB at start, {Mb("after_connect"):0} MB after Import-Module and Connect-Seedance, peak {Mb("peak"):0} MB while the pipeline ran (+{deltas[attempt]:0.0} MB), {Mb("rss_after"):0} MB after"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"          {Mb("allocated"):0} MB allocated ({Mb("allocated") * 1024 / Math.Max(1, root.GetProperty("saved").GetInt32()):0} KB per run), {root.GetProperty("gen0").GetInt32()} gen0 / {root.GetProperty("gen2").GetInt32()} gen2 collections, heap committed {Mb("heap_committed_connected"):0.0} MB after Connect, {Mb("heap_committed"):0.0} MB after the run, {root.GetProperty("threads_connected").GetInt32()} -> {root.GetProperty("threads").GetInt32()} threads, live heap {Mb("heap_connected"):0.0} -> {Mb("heap_after"):0.0} MB ({Mb("heap_without_results"):0.0} MB without the output and rows), anonymous RSS {Mb("anon_connected"):0} -> {Mb("anon_after"):0} MB, file-backed RSS {Mb("file_connected"):0} -> {Mb("file_after"):0} MB, shared (the runtime's compiled code and stubs) {Mb("shmem_connected"):0} -> {Mb("shmem_after"):0} MB; {root.GetProperty("saved").GetInt32()} videos, {Mb("bytes_saved") / 1024:0.00} GB, {root.GetProperty("errors").GetInt32()} error(s), {root.GetProperty("seconds").GetDouble():0.0} s"));
        }

        Array.Sort(deltas);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  median peak over the connected shell: +{deltas[repeats / 2]:0.0} MB ({repeats} passes)"));
        return 0;
    }
}
