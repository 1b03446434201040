using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>
/// Stands in for a UDP Service's load balancer and kube-proxy: listens at the Service's address inside one namespace and
/// relays each peer's datagrams, as one flow per peer, to the endpoint the Service's Endpoints name, and the answers
/// back from the Service's address (so a WireGuard peer never learns the pod's own address). When the Endpoints point
/// elsewhere, every flow is dropped (kube-proxy clears the UDP conntrack entries of a removed endpoint) and the next
/// datagram starts a flow to the new endpoint.
/// </summary>
public sealed class UdpServiceForwarder : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _netns;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<EndPoint, Flow> _flows = new();
    private readonly ConcurrentDictionary<IPAddress, long> _delivered = new();
    private readonly Task _receiving;
    private Task _following = Task.CompletedTask;
    private volatile IPEndPoint? _target;

    private UdpServiceForwarder(Socket listener, string netns)
    {
        _listener = listener;
        _netns = netns;
        _receiving = ReceiveAsync();
    }

    public static async Task<UdpServiceForwarder> StartAsync(string netns, IPEndPoint listen)
    {
        var listener = await NamespacedSockets.CreateAsync(netns, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        listener.Bind(listen);
        return new UdpServiceForwarder(listener, netns);
    }

    public IPEndPoint? Target => _target;

    /// <summary>Datagrams from peers delivered to <paramref name="endpoint"/>'s address so far.</summary>
    public long DeliveredTo(IPAddress endpoint) => _delivered.GetValueOrDefault(endpoint);

    /// <summary>Reads the Endpoints every <paramref name="period"/> and follows them, as kube-proxy does.</summary>
    public void Follow(Func<CancellationToken, Task<IPEndPoint?>> endpoints, TimeSpan period) =>
        _following = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    PointAt(await endpoints(_stop.Token));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The API is busy: keep the last endpoint, as kube-proxy does.
                }
                await Task.Delay(period, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        });

    private void PointAt(IPEndPoint? target)
    {
        if (Equals(target, _target))
        {
            return;
        }
        _target = target;
        foreach (var peer in _flows.Keys)
        {
            if (_flows.TryRemove(peer, out var flow))
            {
                flow.Socket.Dispose();
            }
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _listener.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            if (_target is not { } target)
            {
                continue;
            }
            try
            {
                var flow = _flows.TryGetValue(received.RemoteEndPoint, out var existing) && existing.Target.Equals(target)
                    ? existing
                    : await OpenAsync(received.RemoteEndPoint, target);
                await flow.Socket.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, _stop.Token);
                _delivered.AddOrUpdate(target.Address, 1, (_, n) => n + 1);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The endpoint changed under this datagram: it is lost, as it would be on a real node.
            }
        }
    }

    private async Task<Flow> OpenAsync(EndPoint peer, IPEndPoint target)
    {
        var socket = await NamespacedSockets.CreateAsync(_netns, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(target);
        var flow = new Flow(socket, target);
        if (_flows.TryRemove(peer, out var old))
        {
            old.Socket.Dispose();
        }
        _flows[peer] = flow;
        _ = AnswerAsync(flow, peer);
        return flow;
    }

    /// <summary>The endpoint's answers go back to the peer from the Service's address.</summary>
    private async Task AnswerAsync(Flow flow, EndPoint peer)
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var read = await flow.Socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                await _listener.SendToAsync(buffer.AsMemory(0, read), SocketFlags.None, peer, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The flow was dropped (the Endpoints changed) or the forwarder stops.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _receiving;
        await _following;
        foreach (var flow in _flows.Values)
        {
            flow.Socket.Dispose();
        }
        _stop.Dispose();
    }

    private sealed record Flow(Socket Socket, IPEndPoint Target);
}
