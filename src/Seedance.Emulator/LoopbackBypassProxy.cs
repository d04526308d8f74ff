using System;
using System.Net;
using System.Net.Http;

namespace Seedance.Emulator;

/// <summary>
/// The machine's proxy settings (HTTP_PROXY and friends) for callbacks, except that loopback receivers are always
/// reached directly: .NET's environment proxy does not exempt 127.0.0.1 by itself, and a corporate proxy cannot reach a
/// receiver listening on the emulator's own machine.
/// </summary>
internal sealed class LoopbackBypassProxy : IWebProxy
{
    private readonly IWebProxy system = HttpClient.DefaultProxy;

    public ICredentials? Credentials
    {
        get => system.Credentials;
        set => system.Credentials = value;
    }

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? null : system.GetProxy(destination);

    public bool IsBypassed(Uri host) => host.IsLoopback || system.IsBypassed(host);
}
