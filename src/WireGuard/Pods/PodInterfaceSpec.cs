using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;
using Dtaas.WireGuard.Netns;

namespace Dtaas.WireGuard.Pods;

/// <summary>What one pod's WireGuard interface on one dtService network should look like.</summary>
/// <param name="Name">Host-unique interface name (wireguard-go's UAPI sockets share one directory per host).</param>
/// <param name="PodNetns">The pod's network namespace, as <c>ip -n</c> takes it.</param>
/// <param name="ListenPort">The UDP port in the node's namespace; null: whatever the device has (any, when new).</param>
/// <param name="Address">The pod's address with the network's prefix, e.g. 100.96.0.1/24.</param>
/// <param name="Forward">IPv4 forwarding on in the pod's namespace (the server relays between clients).</param>
/// <param name="Peers">The device's whole peer list: others are removed. A null endpoint leaves the learned one alone.</param>
public sealed record PodInterfaceSpec(
    string Name,
    string PodNetns,
    WireGuardPrivateKey PrivateKey,
    int? ListenPort,
    InterfaceAddress Address,
    bool Forward,
    IReadOnlyList<PeerConfig> Peers);
