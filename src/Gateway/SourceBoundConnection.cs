using System.Net;
using System.Net.Sockets;

namespace Dtaas.Gateway;

/// <summary>
/// A TCP connection as SocketsHttpHandler makes one by default, but from a chosen source address: on the overlay the
/// source address is who the caller is, and nodes sharing one host (tests) must each speak from their own.
/// </summary>
public static class SourceBoundConnection
{
    public static async ValueTask<Stream> ConnectAsync(IPAddress? local, DnsEndPoint remote, CancellationToken cancellationToken)
    {
        var socket = local is null ? new Socket(SocketType.Stream, ProtocolType.Tcp) : new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            if (local is not null)
            {
                socket.Bind(new IPEndPoint(local, 0));
            }
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
