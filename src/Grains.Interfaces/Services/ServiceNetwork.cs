using Orleans;

namespace Dtaas.Grains.Interfaces.Services;

/// <summary>
/// One dtService network of a domain as the domain's creator keeps it in its registry and pushes it to every node
/// with a pod on it. Identified by (domain, name); <see cref="Id"/> tells a network apart from an earlier one of the
/// same name, <see cref="Version"/> orders the changes of one network.
/// </summary>
/// <param name="Subnet">Its /24 in 100.96.0.0/12, e.g. <c>100.96.0.0/24</c>.</param>
/// <param name="Peers">Every pod on it, the server (<c>.1</c>) first.</param>
/// <param name="Dissolved">The server left: the network is gone and its name free.</param>
[GenerateSerializer, Immutable, Alias("dtaas.ServiceNetwork")]
public sealed record ServiceNetwork([property: Id(0)] Guid DomainUid, [property: Id(1)] string Name, [property: Id(2)] Guid Id, [property: Id(3)] long Version, [property: Id(4)] string Subnet, [property: Id(5)] IReadOnlyList<NetworkPeer> Peers, [property: Id(6)] bool Dissolved = false)
{
    public NetworkPeer? Server => Peers.FirstOrDefault(p => p.Role == NetworkRole.Server);

    public NetworkPeer? Find(string nodeId) => Peers.FirstOrDefault(p => p.NodeId == nodeId);

    /// <summary>The prefix length of <see cref="Subnet"/>.</summary>
    public int PrefixLength => int.Parse(Subnet[(Subnet.IndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether this is a later state than <paramref name="held"/> (another network of the name, or a newer version).</summary>
    public bool Supersedes(ServiceNetwork? held) => held is null || held.Id != Id || held.Version < Version;
}

/// <summary>One node's pod on a network.</summary>
/// <param name="Address">Its address on the network, e.g. <c>100.96.0.2</c>.</param>
/// <param name="PublicKey">The WireGuard key of the pod's interface, base64.</param>
/// <param name="Role"><see cref="NetworkRole.Server"/> or <see cref="NetworkRole.Client"/>.</param>
/// <param name="Endpoint">Where clients send packets (<c>host:port</c> of the server's node); the server's only.</param>
[GenerateSerializer, Immutable, Alias("dtaas.NetworkPeer")]
public sealed record NetworkPeer([property: Id(0)] string Address, [property: Id(1)] string NodeId, [property: Id(2)] string PublicKey, [property: Id(3)] string Role, [property: Id(4)] string? Endpoint);

public static class NetworkRole
{
    public const string Server = "server";
    public const string Client = "client";
}
