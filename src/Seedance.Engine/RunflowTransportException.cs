using System;

namespace Seedance.Engine;

/// <summary>No usable answer came back: the network failed or the request timed out, after every retry.</summary>
public sealed class RunflowTransportException : RunflowException
{
    public RunflowTransportException(string message, bool isTimeout, Exception? innerException = null, bool requestMayHaveArrived = true)
        : base(message, innerException)
    {
        IsTimeout = isTimeout;
        RequestMayHaveArrived = requestMayHaveArrived;
    }

    public bool IsTimeout { get; }

    /// <summary>False only when the failure proves the request never reached a server: the connection was refused, the
    /// name did not resolve, or no route led there. Anything else (a reset, a timeout) may have come after the server
    /// read the request.</summary>
    public bool RequestMayHaveArrived { get; }

    /// <summary>Whether <paramref name="failure"/> proves that no connection was made, so nothing was sent.</summary>
    internal static bool ProvesNothingSent(Exception failure)
    {
        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException socket)
            {
                return socket.SocketErrorCode is System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostNotFound
                    or System.Net.Sockets.SocketError.TryAgain or System.Net.Sockets.SocketError.NoData or System.Net.Sockets.SocketError.HostUnreachable
                    or System.Net.Sockets.SocketError.NetworkUnreachable or System.Net.Sockets.SocketError.AddressNotAvailable;
            }
        }

        return false;
    }
}
