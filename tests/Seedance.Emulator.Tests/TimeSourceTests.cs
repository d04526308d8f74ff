using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>
/// The emulator keeps time only through the clock it is started with (<see cref="RunflowEmulator.Clock"/>), so a fake
/// clock holds or moves every emulated time. A behavioural test cannot show that nothing reads the wall clock, so the
/// source is read for the ways of doing it.
/// </summary>
public class TimeSourceTests
{
    private static readonly (Regex Pattern, string Why)[] Forbidden =
    {
        (new Regex(@"\bDateTime(Offset)?\s*\.\s*(Utc)?Now\b"), "reads the wall clock; use clock.GetUtcNow()"),
        (new Regex(@"\bStopwatch\b|\bEnvironment\s*\.\s*TickCount"), "measures real time; use the clock"),
        (new Regex(@"\bThread\s*\.\s*Sleep\b|\bSpinWait\b"), "sleeps on real time"),
        (new Regex(@"\bnew\s+(System\.Threading\.)?Timer\s*\(|\bSystem\.Timers\b|\bPeriodicTimer\b"), "a real-time timer; use clock.CreateTimer"),
        (new Regex(@"\.CancelAfter\s*\("), "a real-time deadline; use new CancellationTokenSource(delay, clock)"),
    };

    [Fact]
    public void Nothing_in_the_emulator_reads_the_wall_clock_or_waits_on_real_time_but_through_its_clock()
    {
        var problems = (from file in SourceFiles()
                        let lines = File.ReadAllLines(file)
                        from index in Enumerable.Range(0, lines.Length)
                        let code = Code(lines[index])
                        from problem in Problems(code, Path.GetFileName(file))
                        select $"{Path.GetFileName(file)}:{index + 1}: {problem}: {code.Trim()}").ToList();

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("var now = DateTimeOffset.UtcNow;")]
    [InlineData("var started = DateTime.Now;")]
    [InlineData("var watch = Stopwatch.StartNew();")]
    [InlineData("Thread.Sleep(10);")]
    [InlineData("await Task.Delay(10, token);")]
    [InlineData("using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));")]
    [InlineData("deadline.CancelAfter(1000);")]
    [InlineData("var timer = new Timer(_ => Tick(), null, 10, 10);")]
    [InlineData("var clock = TimeProvider.System;")]
    public void The_check_finds_a_way_of_keeping_real_time(string code) => Assert.NotEmpty(Problems(code, "Any.cs"));

    [Theory]
    [InlineData("await Task.Delay(TimeSpan.FromMilliseconds(ms), clock, token);", "Any.cs")]
    [InlineData("using var deadline = new CancellationTokenSource(AttemptTimeout, clock);", "Any.cs")]
    [InlineData("using var stop = new CancellationTokenSource();", "Any.cs")]
    [InlineData("timer = clock.CreateTimer(_ => Nudge(), null, Tick, Tick);", "Any.cs")]
    [InlineData("StartAsync(options, TimeProvider.System, cancellationToken);", "RunflowEmulator.cs")]
    public void The_check_passes_time_kept_through_the_clock(string code, string fileName) => Assert.Empty(Problems(code, fileName));

    private static string[] Problems(string code, string fileName)
    {
        var found = Forbidden.Where(rule => rule.Pattern.IsMatch(code)).Select(rule => rule.Why).ToList();
        // Task.Delay and timed token sources are fine when they are given the clock.
        if (Regex.IsMatch(code, @"\bTask\s*\.\s*Delay\s*\(") && !Regex.IsMatch(code, @"\bclock\b", RegexOptions.IgnoreCase))
        {
            found.Add("waits on real time; pass the clock to Task.Delay");
        }

        if (Regex.IsMatch(code, @"new\s+CancellationTokenSource\s*\(\s*[^)\s]") && !Regex.IsMatch(code, @"\bclock\b", RegexOptions.IgnoreCase))
        {
            found.Add("a real-time deadline; pass the clock");
        }

        // The system clock is the default clock, chosen in one place; everything else is given the clock.
        if (Regex.IsMatch(code, @"\bTimeProvider\s*\.\s*System\b") && fileName != "RunflowEmulator.cs")
        {
            found.Add("picks the system clock; take the emulator's clock");
        }

        return found.ToArray();
    }

    /// <summary>The line without its comment, so prose about time does not count.</summary>
    private static string Code(string line)
    {
        var comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment >= 0 ? line[..comment] : line;
    }

    private static string[] SourceFiles()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Seedance.sln")))
        {
            directory = directory.Parent;
        }

        var source = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Seedance.sln not found above " + AppContext.BaseDirectory),
            "src", "Seedance.Emulator");
        var files = Directory.GetFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToArray();
        Assert.Contains(files, file => Path.GetFileName(file) == "LifecycleScheduler.cs");
        return files;
    }
}
