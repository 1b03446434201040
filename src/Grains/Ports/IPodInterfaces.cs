using Orleans;

namespace Dtaas.Grains.Ports;

/// <summary>
/// Pods and their WireGuard interfaces for dtService networks (DESIGN.md 2.5). A pod is found by name in the silo's
/// namespace through a resolver (a named network namespace standalone, the container runtime in a cluster). A pod's
/// interface is made in the node's namespace, where its UDP socket stays, and moved into the pod's.
/// </summary>
public interface IPodInterfaces
{
    /// <summary>The pod's network namespace, or null with nothing done when there is no such pod.</summary>
    Task<PodNetns?> FindPodAsync(string podName, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the pod's interface, or adopts it as it is (a restarted silo finds it in the pod), and makes it match
    /// <paramref name="config"/>; cheap when it already does. Peers not in the config are removed.
    /// </summary>
    Task EnsureAsync(PodInterfaceConfig config, CancellationToken cancellationToken);

    /// <summary>Removes the interface from the pod (and its wireguard-go process); removing what is gone is not an error.</summary>
    Task RemoveAsync(string interfaceName, PodNetns pod, CancellationToken cancellationToken);

    /// <summary>When the interface last completed a WireGuard handshake with <paramref name="publicKey"/>; null if never or no interface.</summary>
    Task<DateTimeOffset?> LastHandshakeAsync(string interfaceName, PodNetns pod, string publicKey, CancellationToken cancellationToken);
}

/// <param name="PodName">The pod as the user named it.</param>
/// <param name="Netns">Its network namespace, as a name <c>ip -n</c> takes (the resolver may have attached it under one).</param>
[GenerateSerializer, Immutable, Alias("dtaas.PodNetwork")]
public sealed record PodNetns([property: Id(0)] string PodName, [property: Id(1)] string Netns);

/// <summary>One pod's interface on one dtService network.</summary>
/// <param name="InterfaceName">Unique per host (wireguard-go's sockets share one directory).</param>
/// <param name="PrivateKey">WireGuard private key, base64.</param>
/// <param name="ListenPort">The UDP port in the node's namespace (the server's endpoint port); null: any.</param>
/// <param name="Address">The pod's address with the network's prefix, e.g. <c>100.96.0.1/24</c>.</param>
/// <param name="Forward">The server forwards between clients: IPv4 forwarding on in the pod's namespace.</param>
[GenerateSerializer, Immutable, Alias("dtaas.PodInterfaceConfig")]
public sealed record PodInterfaceConfig([property: Id(0)] string InterfaceName, [property: Id(1)] PodNetns Pod, [property: Id(2)] string PrivateKey,
    [property: Id(3)] int? ListenPort, [property: Id(4)] string Address, [property: Id(5)] bool Forward, [property: Id(6)] IReadOnlyList<PodPeer> Peers);

/// <param name="Endpoint">Where its packets go, <c>host:port</c>; null for a peer that calls in (clients, seen from the server).</param>
/// <param name="AllowedIps">CIDRs routed to it: a client's own /32 on the server; the whole network on a client.</param>
[GenerateSerializer, Immutable, Alias("dtaas.PodPeer")]
public sealed record PodPeer([property: Id(0)] string PublicKey, [property: Id(1)] string? Endpoint, [property: Id(2)] IReadOnlyList<string> AllowedIps,
    [property: Id(3)] int? PersistentKeepaliveSeconds);
