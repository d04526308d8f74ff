using Microsoft.AspNetCore.Http;

namespace Seedance.Emulator;

/// <summary>Injected connection drops: the client gets no (or only part of an) answer, and the stats count it as "aborted".</summary>
internal static class ConnectionDrops
{
    private const string Marker = "seedance.dropped";

    public static void Drop(HttpContext context)
    {
        context.Items[Marker] = true;
        context.Abort();
    }

    /// <summary>Dropped by a fault, or abandoned by the client.</summary>
    public static bool WasDropped(HttpContext context) => context.Items.ContainsKey(Marker) || context.RequestAborted.IsCancellationRequested;
}
