using System.Net;
using System.Net.Sockets;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests.Browser;

/// <summary>
/// A port on the test's loopback whose connections are carried to <see cref="Target"/> inside a node's network
/// namespace (connecting from inside it), so a browser outside the namespace reaches that node as a user on the node's
/// own host would: the gateway sees a loopback peer.
/// </summary>
public sealed class NamespaceRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _netns;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private NamespaceRelay(string netns, IPEndPoint target)
    {
        _netns = netns;
        Target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public IPEndPoint Target { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static NamespaceRelay Start(string netns, IPEndPoint target) => new(netns, target);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = CarryAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task CarryAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            using var inner = await NamespacedSockets.CreateAsync(_netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await inner.ConnectAsync(Target, _stop.Token);
            await using var there = new NetworkStream(inner, ownsSocket: false);
            await using var here = client.GetStream();
            await Task.WhenAny(here.CopyToAsync(there, _stop.Token), there.CopyToAsync(here, _stop.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Either side went away: the browser sees the connection close.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
