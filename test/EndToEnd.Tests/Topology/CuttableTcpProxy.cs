using System.Net;
using System.Net.Sockets;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>
/// A TCP path between two network namespaces that a test can cut: it listens at <c>listen</c> inside one namespace
/// and relays each connection to <c>upstream</c> inside another. Cut, it relays nothing more on any connection, old or
/// new, and answers nothing, as a link that drops every packet would: the client's requests hang until it gives up.
/// </summary>
public sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _upstreamNetns;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;
    private volatile TaskCompletionSource _open = Opened();

    private CuttableTcpProxy(Socket listener, string upstreamNetns, IPEndPoint upstream)
    {
        _listener = listener;
        _upstreamNetns = upstreamNetns;
        _upstream = upstream;
        _accepting = AcceptAsync();
    }

    public static async Task<CuttableTcpProxy> StartAsync(string listenNetns, IPEndPoint listen, string upstreamNetns, IPEndPoint upstream)
    {
        var listener = await NamespacedSockets.CreateAsync(listenNetns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(listen);
        listener.Listen();
        return new CuttableTcpProxy(listener, upstreamNetns, upstream);
    }

    public void Cut() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Relays again, what waited included.</summary>
    public void Restore() => _open.TrySetResult();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        Track(client);
        try
        {
            await _open.Task.WaitAsync(_stop.Token);
            var server = await NamespacedSockets.CreateAsync(_upstreamNetns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Track(server);
            await server.ConnectAsync(_upstream, _stop.Token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
            client.Dispose();
            server.Dispose();
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            client.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                // Cut: what was read is never delivered, and nothing more is read.
                await _open.Task.WaitAsync(_stop.Token);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private void Track(Socket socket)
    {
        lock (_sockets)
        {
            _sockets.Add(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }
        _stop.Dispose();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
