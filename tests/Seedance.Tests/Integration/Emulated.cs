using System;
using System.Threading.Tasks;
using Seedance.Emulator;
using Seedance.Engine;
using Seedance.Tests.Time;

namespace Seedance.Tests.Integration;

/// <summary>An in-process emulator with test-speed timings, and clients of it.</summary>
public sealed class Emulated : IAsyncDisposable
{
    private Emulated(RunflowEmulator emulator, CompressedClock? clock)
    {
        Emulator = emulator;
        Clock = clock;
    }

    public RunflowEmulator Emulator { get; }

    /// <summary>The compressed clock the emulator runs on, or null on real time.</summary>
    public CompressedClock? Clock { get; }

    /// <param name="clock">When given, the emulator runs on this compressed clock (a client of it must use the same
    /// clock, so both sides agree on timestamps and windows).</param>
    public static async Task<Emulated> StartAsync(Action<EmulatorOptions>? configure = null, CompressedClock? clock = null)
    {
        var options = new EmulatorOptions
        {
            QueuedMs = 20,
            DispatchingMs = 10,
            RunningMs = 60,
            CallbackRetryDelaysMs = new[] { 50, 100 },
            Seed = 42,
        };
        configure?.Invoke(options);
        var emulator = clock is null
            ? await RunflowEmulator.StartAsync(options)
            : await RunflowEmulator.StartAsync(options, new CompressedTimeProvider(clock));
        return new Emulated(emulator, clock);
    }

    public RunflowClientOptions ClientOptions() => new()
    {
        BaseUri = Emulator.ApiUrl,
        ApiKey = new ApiKey(Emulator.ApiKey),
        RequestTimeout = TimeSpan.FromSeconds(5),
        Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50), MaxJitter = TimeSpan.FromMilliseconds(5), MaxRetryAfter = TimeSpan.FromMilliseconds(50) },
        Polling = new PollingOptions { InitialInterval = TimeSpan.FromMilliseconds(20), MaxInterval = TimeSpan.FromMilliseconds(100) },
        Clock = Clock ?? EngineClock.System,
    };

    public RunflowClient Client() => new(ClientOptions());

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
