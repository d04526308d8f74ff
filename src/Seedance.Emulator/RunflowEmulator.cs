using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Seedance.Emulator;

/// <summary>
/// A running emulator: the API on one origin, presigned files on another, a scheduler that moves runs through their
/// lifecycle, and a callback dispatcher. Tests host it in-process; Program.cs runs it from the command line.
/// </summary>
public sealed class RunflowEmulator : IAsyncDisposable
{
    private readonly WebApplication api;
    private readonly WebApplication files;
    private readonly EmulatorState state;
    private readonly StatsCollector stats;
    private readonly CallbackDispatcher callbacks;
    private readonly LifecycleScheduler lifecycle;
    private readonly CancellationTokenSource stopping = new();
    private Task? scheduler;
    private Uri fileUrl = new("http://127.0.0.1/");
    private bool disposed;

    private RunflowEmulator(EmulatorOptions options, TimeProvider clock)
    {
        Options = options;
        Clock = clock;
        ApiKey = string.IsNullOrWhiteSpace(options.ApiKey)
            ? "rf_live_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()
            : options.ApiKey!;
        state = new EmulatorState(options, new IdFactory(options.Seed, clock));
        stats = new StatsCollector();
        var faults = new FaultInjector(options.Seed);
        var presigner = new Presigner(clock);
        var windows = new ConsistencyWindows(options);
        var echo = new KeyEcho(options, ApiKey);
        var runRepresentation = new RunRepresentation(options, presigner, () => fileUrl, state.FindAsset, echo);
        var batchRepresentation = new BatchRepresentation(options, runRepresentation, windows, clock);
        callbacks = new CallbackDispatcher(options, state, stats, runRepresentation, batchRepresentation, clock);
        lifecycle = new LifecycleScheduler(state, callbacks, clock);
        var apiHandler = new ApiHandler(options, state, stats, faults, presigner, runRepresentation, batchRepresentation, callbacks, lifecycle, () => fileUrl,
            ApiKey, clock, windows, echo);
        var fileHandler = new FileHandler(options, state, stats, faults, presigner);
        api = Build(options.Urls, apiHandler.HandleAsync);
        files = Build(options.FileUrls, fileHandler.HandleAsync);
    }

    public Uri ApiUrl { get; private set; } = new("http://127.0.0.1/");

    public Uri FileUrl => fileUrl;

    public string ApiKey { get; }

    /// <summary>The current callback signing secret, when one was configured or created.</summary>
    public string? CallbackSecret => state.CurrentCallbackSecret?.Secret;

    /// <summary>Live settings: fault rates, timings and switches changed here apply to the next request.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The one clock of every emulated time: lifecycle stages, timestamps, URL expiry, callback retries,
    /// consistency windows, injected delays.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Starts both origins and the scheduler on the system clock. The options object stays live: later
    /// changes to its timings, fault rates and switches apply at once.</summary>
    public static Task<RunflowEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, TimeProvider.System, cancellationToken);

    /// <summary>Starts the emulator on the given clock: a test passes a fake one and moves it on instead of sleeping
    /// through lifecycle stages, URL lifetimes, callback retry delays and consistency windows.</summary>
    public static async Task<RunflowEmulator> StartAsync(EmulatorOptions options, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var emulator = new RunflowEmulator(options, clock);
        try
        {
            await emulator.api.StartAsync(cancellationToken).ConfigureAwait(false);
            await emulator.files.StartAsync(cancellationToken).ConfigureAwait(false);
            emulator.ApiUrl = BoundAddress(emulator.api);
            emulator.fileUrl = BoundAddress(emulator.files);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        emulator.scheduler = Task.Run(() => emulator.lifecycle.RunAsync(emulator.stopping.Token));
        return emulator;
    }

    public EmulatorStats GetStats() => stats.Snapshot(state);

    public void TopUpBalance(decimal usd) => state.AddBalance(usd);

    public void SetBalance(decimal usd) => state.SetBalance(usd);

    /// <summary>The exact bytes the file origin serves for the run's video.</summary>
    public byte[] GetVideoBytes(string runId)
    {
        VideoShape shape;
        lock (state.Gate)
        {
            shape = state.Find(runId) is { } run ? VideoShape.Of(run) : throw new ArgumentException($"No run has the id {runId}.", nameof(runId));
        }

        return VideoFactory.Create(shape, runId, Options.VideoBytes).ToArray();
    }

    public IReadOnlyList<string> RunIdsForClientRef(string clientRef) => state.RunIdsForClientRef(clientRef);

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stopping.Cancel();
        if (scheduler is not null)
        {
            try
            {
                await scheduler.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        lifecycle.Dispose();
        callbacks.Dispose();
        // Stopping a server that never started is harmless; both are stopped so a half-started emulator frees its port.
        await api.StopAsync().ConfigureAwait(false);
        await files.StopAsync().ConfigureAwait(false);
        await api.DisposeAsync().ConfigureAwait(false);
        await files.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    private static WebApplication Build(string urls, RequestDelegate handler)
    {
        // No args and an explicit content root: the emulator's own options decide everything, whatever directory or
        // ASPNETCORE_* environment it is started in.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Room for a 50 MiB asset upload; the request line fits a search for 100 run ids.
            kestrel.Limits.MaxRequestBodySize = 60L * 1024 * 1024;
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 96 * 1024;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(handler);
        return app;
    }

    private static Uri BoundAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1"));
    }
}
