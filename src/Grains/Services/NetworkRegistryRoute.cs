using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Orleans;

namespace Dtaas.Grains.Services;

/// <summary>
/// Where a dtService asks for its place: the domain's network registry lives on the domain's creator, so on the
/// creator it is the local registry grain, elsewhere a federation call to the creator (bounded by a timeout).
/// </summary>
internal sealed class NetworkRegistryRoute(IGrainFactory grains, IFederationClient federation, NodeDescription node, ObjectKey service)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    public async Task<NetworkAnswer> JoinAsync(SharingDomain domain, NetworkJoin join, CancellationToken cancellationToken)
    {
        if (domain.MemberList.CreatorNodeId == node.Id)
        {
            return await Local(domain).JoinNetwork(join, node.Id, cancellationToken);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        return await federation.JoinNetworkAsync(domain.MemberList.CreatorNodeId, domain.Uid, join, timeout.Token);
    }

    /// <summary>This node's pod leaves the network; bounded by the same timeout, as deletion must not wait for an absent creator.</summary>
    public async Task LeaveAsync(SharingDomain domain, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        await (domain.MemberList.CreatorNodeId == node.Id
            ? Local(domain).LeaveNetwork(service.Name, node.Id, timeout.Token)
            : federation.LeaveNetworkAsync(domain.MemberList.CreatorNodeId, domain.Uid, service.Name, timeout.Token));
    }

    private INetworkRegistryGrain Local(SharingDomain domain) => grains.GetGrain<INetworkRegistryGrain>(service.Sibling(domain.Name).ToString());
}
