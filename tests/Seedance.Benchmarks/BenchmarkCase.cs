using System;
using System.Globalization;

namespace Seedance.Benchmarks;

/// <summary>The emulator's timings and the rows' input for one kind of benchmark run, and the ideal bound they allow.</summary>
internal sealed record BenchmarkCase(string Name, int QueuedMs, int DispatchingMs, int RunningMs, int Concurrency, string Duration, string Resolution,
    string ExtraEmulatorArguments)
{
    public const long VideoBytes = 2 * 1024 * 1024;

    /// <summary>The short runs the table has always used: a 4 s 720p clip in 2 s, 50 at once.</summary>
    public static BenchmarkCase Short { get; } = new("short runs", 500, 250, 1250, 50, "4", "720p", string.Empty);

    /// <summary>The same against a server whose search refuses <c>id:</c> terms (runflow-api.md §12).</summary>
    public static BenchmarkCase NoIdFilter { get; } = Short with { Name = "short runs, search takes no id: lists", ExtraEmulatorArguments = "--no-id-filter" };

    /// <summary>Runs as long as real ones: a 10 s 1080p clip in 60 s, with room for every run at once.</summary>
    public static BenchmarkCase RealLength { get; } = new("60 s runs", 500, 500, 59_000, 256, "10", "1080p", string.Empty);

    public string EmulatorArguments => string.Create(CultureInfo.InvariantCulture,
        $"--queued-ms {QueuedMs} --dispatching-ms {DispatchingMs} --running-ms {RunningMs} --concurrency {Concurrency} --video-bytes {VideoBytes} --balance 100000 {ExtraEmulatorArguments}").Trim();

    /// <summary>Queued time, then one dispatch + run per wave of <see cref="Concurrency"/> runs: no client can finish sooner.</summary>
    public TimeSpan IdealFor(int size) => TimeSpan.FromMilliseconds(QueuedMs + Math.Ceiling(size / (double)Concurrency) * (DispatchingMs + RunningMs));

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {QueuedMs} ms queued + {DispatchingMs} ms dispatching + {RunningMs} ms running, at most {Concurrency} at once, {VideoBytes / 1048576} MB videos, rows ask for {Duration} s at {Resolution}{(ExtraEmulatorArguments.Length > 0 ? ", emulator " + ExtraEmulatorArguments : string.Empty)}.");
}
