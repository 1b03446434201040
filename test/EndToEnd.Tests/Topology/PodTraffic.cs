using System.Net;
using System.Net.Sockets;
using System.Text;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>Real TCP and UDP between pod namespaces: a message out and its echo back.</summary>
public static class PodTraffic
{
    /// <summary>Listens on <paramref name="address"/>:<paramref name="port"/> in <paramref name="serverNetns"/>, connects from <paramref name="clientNetns"/>, and checks the echo.</summary>
    public static async Task TcpAsync(string serverNetns, IPAddress address, int port, string clientNetns, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var listener = await NamespacedSockets.CreateAsync(serverNetns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, port));
        listener.Listen();
        var serving = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptAsync(deadline.Token);
            var buffer = new byte[256];
            int read = await accepted.ReceiveAsync(buffer, deadline.Token);
            await accepted.SendAsync(buffer.AsMemory(0, read), deadline.Token);
        });
        var message = Encoding.UTF8.GetBytes($"hello over tcp {Guid.NewGuid():N}");
        // The first packets may wait for a handshake: try until the deadline.
        while (true)
        {
            using var client = await NamespacedSockets.CreateAsync(clientNetns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                attempt.CancelAfter(TimeSpan.FromSeconds(3));
                await client.ConnectAsync(new IPEndPoint(address, port), attempt.Token);
                await client.SendAsync(message, deadline.Token);
                var echo = new byte[256];
                int read = await client.ReceiveAsync(echo, deadline.Token);
                Assert.Equal(message, echo[..read]);
                await serving;
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !deadline.IsCancellationRequested)
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    /// <summary>A datagram from <paramref name="clientNetns"/> to <paramref name="address"/>:<paramref name="port"/> in <paramref name="serverNetns"/>, echoed back.</summary>
    public static async Task UdpAsync(string serverNetns, IPAddress address, int port, string clientNetns, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var server = await NamespacedSockets.CreateAsync(serverNetns, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(address, port));
        var echoing = Task.Run(async () =>
        {
            var buffer = new byte[256];
            while (!deadline.IsCancellationRequested)
            {
                var received = await server.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
                await server.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), received.RemoteEndPoint, deadline.Token);
            }
        });
        using var client = await NamespacedSockets.CreateAsync(clientNetns, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var message = Encoding.UTF8.GetBytes($"hello over udp {Guid.NewGuid():N}");
        try
        {
            await EchoedAsync(client, message, new IPEndPoint(address, port), deadline.Token);
        }
        finally
        {
            deadline.Cancel(); // ends the echo loop
        }
        _ = echoing;
    }

    private static async Task EchoedAsync(Socket client, byte[] message, IPEndPoint target, CancellationToken deadline)
    {
        while (true)
        {
            await client.SendToAsync(message, target, deadline);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                var echo = new byte[256];
                var received = await client.ReceiveFromAsync(echo, new IPEndPoint(IPAddress.Any, 0), attempt.Token);
                Assert.Equal(message, echo[..received.ReceivedBytes]);
                return;
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
                // lost while the tunnel came up: send again
            }
        }
    }
}
