using System;
using System.Net.Http;
using Xunit;

namespace Seedance.Emulator.Tests;

/// <summary>Callbacks to a receiver on the emulator's own machine never go through the machine's HTTP proxy.</summary>
public class LoopbackBypassProxyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://127.8.9.10/hook")]
    [InlineData("http://localhost:5000/hook")]
    [InlineData("http://[::1]:5000/hook")]
    public void Loopback_receivers_are_reached_directly(string url)
    {
        var proxy = new LoopbackBypassProxy();

        Assert.True(proxy.IsBypassed(new Uri(url)));
        Assert.Null(proxy.GetProxy(new Uri(url)));
    }

    [Theory]
    [InlineData("https://hooks.example.test/runflow")]
    [InlineData("http://10.1.2.3:8080/hook")]
    public void Other_receivers_follow_the_machine_proxy_settings(string url)
    {
        var destination = new Uri(url);
        var proxy = new LoopbackBypassProxy();

        Assert.Equal(HttpClient.DefaultProxy.IsBypassed(destination), proxy.IsBypassed(destination));
        Assert.Equal(HttpClient.DefaultProxy.IsBypassed(destination) ? null : HttpClient.DefaultProxy.GetProxy(destination), proxy.GetProxy(destination));
    }
}
