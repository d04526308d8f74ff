using System;
using System.Threading.Tasks;
using Seedance.Emulator;
using Seedance.Engine;

namespace Seedance.Tests.Integration;

/// <summary>An in-process emulator with test-speed timings, and clients of it.</summary>
public sealed class Emulated : IAsyncDisposable
{
    private Emulated(RunflowEmulator emulator)
    {
        Emulator = emulator;
    }

    public RunflowEmulator Emulator { get; }

    public static async Task<Emulated> StartAsync(Action<EmulatorOptions>? configure = null)
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
        return new Emulated(await RunflowEmulator.StartAsync(options));
    }

    public RunflowClientOptions ClientOptions() => new()
    {
        BaseUri = Emulator.ApiUrl,
        ApiKey = new ApiKey(Emulator.ApiKey),
        RequestTimeout = TimeSpan.FromSeconds(5),
        Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50), MaxJitter = TimeSpan.FromMilliseconds(5), MaxRetryAfter = TimeSpan.FromMilliseconds(50) },
        Polling = new PollingOptions { InitialInterval = TimeSpan.FromMilliseconds(20), MaxInterval = TimeSpan.FromMilliseconds(100) },
    };

    public RunflowClient Client() => new(ClientOptions());

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
