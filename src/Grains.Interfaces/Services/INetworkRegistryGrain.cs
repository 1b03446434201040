using Orleans;

namespace Dtaas.Grains.Interfaces.Services;

/// <summary>
/// The registry of one domain's dtService networks, on the domain's creator (key: the creator's dtDomain,
/// <c>namespace/name</c>): which node's pod has which address on which network and who serves it. Every change goes
/// to every node with a pod on the network. Callers name the node they speak for; the federation grain passes the
/// member the overlay verified, a local dtService this node.
/// </summary>
[Alias("dtaas.NetworkRegistryGrain")]
public interface INetworkRegistryGrain : IGrainWithStringKey
{
    /// <summary><paramref name="fromNodeId"/>'s pod joins, or creates, network <see cref="NetworkJoin.Name"/>.</summary>
    [Alias("JoinNetwork")]
    Task<NetworkAnswer> JoinNetwork(NetworkJoin join, string fromNodeId, CancellationToken cancellationToken);

    /// <summary><paramref name="fromNodeId"/>'s pod leaves network <paramref name="name"/>; the server leaving dissolves it.</summary>
    [Alias("LeaveNetwork")]
    Task LeaveNetwork(string name, string fromNodeId, CancellationToken cancellationToken);

    /// <summary><paramref name="nodeId"/> is no longer in the domain: its pods leave every network.</summary>
    [Alias("MemberGone")]
    Task MemberGone(string nodeId, CancellationToken cancellationToken);

    /// <summary>Delivers the networks again to every node that has not taken their newest state (the creator's dtDomain asks when it reconciles).</summary>
    [Alias("Publish")]
    Task Publish(CancellationToken cancellationToken);
}
