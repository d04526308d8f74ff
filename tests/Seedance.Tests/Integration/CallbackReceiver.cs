using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Seedance.Tests.Integration;

/// <summary>A web handler on 127.0.0.1 that receives callbacks; it can refuse the first deliveries to force retries.</summary>
public sealed class CallbackReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stopping = new();
    private int refusalsLeft;

    public CallbackReceiver(int refuseFirst = 0)
    {
        refusalsLeft = refuseFirst;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = new Uri($"http://127.0.0.1:{port}/hooks/runflow/");
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<(byte[] Body, string? Signature, int AnsweredWith)> Received { get; } = new();

    private async Task LoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var status = Interlocked.Decrement(ref refusalsLeft) >= 0 ? 500 : 200;
            Received.Enqueue((body.ToArray(), context.Request.Headers["Runflow-Signature"], status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public async Task<bool> WaitForAsync(Func<CallbackReceiver, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition(this) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        return condition(this);
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Close();
    }
}
