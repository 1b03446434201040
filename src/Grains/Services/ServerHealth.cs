using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Services;

/// <summary>
/// Whether a client's server can be reached: its node's dtPeer connected, and a WireGuard handshake with it recent
/// enough. The grain checks it on every apply and, on a client, on a timer (<see cref="Watch"/>).
/// </summary>
internal sealed class ServerHealth(ILocalObjects objects, IPodInterfaces pods, TimeProvider clock)
{
    /// <summary>What a Failed message about an unreachable server starts with.</summary>
    public const string Unreachable = "server unreachable";

    /// <summary>A client's keepalives make WireGuard handshake again every 2 minutes; older than this, nothing gets through.</summary>
    private static readonly TimeSpan HandshakeLimit = TimeSpan.FromMinutes(3);

    private IDisposable? _timer;

    /// <summary>Why the server of <paramref name="network"/> cannot be reached from <paramref name="pod"/>, or null when it can.</summary>
    public async Task<string?> ProblemAsync(ServiceNetwork network, PodNetns pod, PodIdentity identity, CancellationToken cancellationToken)
    {
        var server = network.Server!;
        if (objects.Peers().FirstOrDefault(p => p.Metadata.Name == server.NodeId) is { Connected: false } peer)
        {
            return $"{Unreachable}: its node {peer.Name ?? server.NodeId} is disconnected from this one (see its dtPeer)";
        }
        var handshake = await pods.LastHandshakeAsync(identity.InterfaceName, pod, server.PublicKey, cancellationToken);
        return handshake is { } at && clock.GetUtcNow() - at > HandshakeLimit
            ? $"{Unreachable}: no WireGuard handshake with {server.Endpoint} for over {HandshakeLimit.TotalMinutes:0} minutes"
            : null;
    }

    /// <summary>Starts the watch timer (made by <paramref name="start"/>) unless it runs.</summary>
    public void Watch(Func<IDisposable> start) => _timer ??= start();

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
