using System;
using System.Net;
using System.Net.Http;

namespace Seedance.Engine;

/// <summary>The HTTP handler under <see cref="RunflowTransport"/>.</summary>
internal static class RunflowHttpHandler
{
    public static HttpMessageHandler Create(RunflowClientOptions options)
    {
        var handler = new HttpClientHandler
        {
            // Redirects are followed by the transport so that Authorization never follows one to another origin.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseCookies = false,
        };
        try
        {
            handler.MaxConnectionsPerServer = options.MaxConnectionsPerServer;
        }
        catch (PlatformNotSupportedException)
        {
            // Very old .NET Framework builds: ServicePointManager below still raises the limit.
        }

        if (System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase)
            && ServicePointManager.DefaultConnectionLimit < options.MaxConnectionsPerServer)
        {
            ServicePointManager.DefaultConnectionLimit = options.MaxConnectionsPerServer;
        }

        if (options.Proxy is not null)
        {
            handler.Proxy = new WebProxy(options.Proxy);
            handler.UseProxy = true;
        }

        return handler;
    }
}
