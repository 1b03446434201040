using System.Net;
using System.Net.Sockets;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>
/// HTTP connections opened from inside a named network namespace: the only way for the test process to reach a
/// namespace's loopback, or to prove what one node can reach, without curl or a helper process.
/// </summary>
public static class NamespacedHttp
{
    public static HttpClient CreateClient(string netns, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { ConnectCallback = ConnectInside(netns) }) { Timeout = timeout ?? TimeSpan.FromSeconds(5) };

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> that connects from inside <paramref name="netns"/>: to the
    /// request's host, or to <paramref name="everyHostAt"/> whatever the host (as DNS would send every name there).
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectInside(string netns, EndPoint? everyHostAt = null) =>
        async (context, cancellationToken) =>
        {
            var socket = await NamespacedSockets.CreateAsync(netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(everyHostAt ?? context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
