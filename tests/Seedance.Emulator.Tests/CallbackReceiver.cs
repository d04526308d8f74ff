using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Seedance.Emulator.Tests;

/// <summary>A callback endpoint on 127.0.0.1 (a free port) that records every delivery and refuses the first few with 500.</summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<ReceivedCallback> received = new();
    private int refusalsLeft;

    private CallbackReceiver(WebApplication app, int refuseFirst)
    {
        this.app = app;
        refusalsLeft = refuseFirst;
    }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request, refused or accepted, in arrival order.</summary>
    public IReadOnlyList<ReceivedCallback> Received
    {
        get
        {
            lock (received)
            {
                return received.ToList();
            }
        }
    }

    public static async Task<CallbackReceiver> StartAsync(int refuseFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new CallbackReceiver(app, refuseFirst);
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var refuse = Interlocked.Decrement(ref receiver.refusalsLeft) >= 0;
            lock (receiver.received)
            {
                receiver.received.Add(new ReceivedCallback(
                    buffer.ToArray(),
                    context.Request.Headers["Runflow-Signature"].ToString(),
                    context.Request.Headers["Runflow-Request-Id"].ToString(),
                    context.Request.ContentType ?? string.Empty,
                    context.Request.Headers.ContainsKey("Authorization"),
                    refuse ? 500 : 200));
            }

            context.Response.StatusCode = refuse ? 500 : 200;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hooks/runflow");
        return receiver;
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> requests arrived.</summary>
    public async Task<IReadOnlyList<ReceivedCallback>> WaitForAsync(int count)
    {
        await RawApi.EventuallyAsync(() => Received.Count >= count, $"{count} callbacks arrived (got {Received.Count})");
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
