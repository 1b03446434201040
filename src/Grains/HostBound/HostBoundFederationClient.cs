using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Ports;
using Orleans;

namespace Dtaas.Grains.HostBound;

/// <summary>
/// Federation calls leave from the Lease holder's host: the overlay address other members know this node by is there
/// (DESIGN.md 2.3), so a grain on another silo of the node sends its call through that silo.
/// </summary>
public sealed class HostBoundFederationClient(IGrainFactory grains) : IFederationClient
{
    private IHostWorkGrain Host => grains.GetGrain<IHostWorkGrain>(IHostWorkGrain.Key);

    public Task ApplyMembershipAsync(string nodeId, Guid domainUid, MemberList memberList, CancellationToken cancellationToken) =>
        Host.ApplyMembership(nodeId, domainUid, memberList, cancellationToken);

    public Task LeaveAsync(string nodeId, Guid domainUid, CancellationToken cancellationToken) => Host.Leave(nodeId, domainUid, cancellationToken);

    public Task SyncAppsAsync(string nodeId, Guid domainUid, AppSet set, CancellationToken cancellationToken) =>
        Host.SyncApps(nodeId, domainUid, set, cancellationToken);

    public Task<NetworkAnswer> JoinNetworkAsync(string nodeId, Guid domainUid, NetworkJoin join, CancellationToken cancellationToken) =>
        Host.JoinNetwork(nodeId, domainUid, join, cancellationToken);

    public Task LeaveNetworkAsync(string nodeId, Guid domainUid, string name, CancellationToken cancellationToken) =>
        Host.LeaveNetwork(nodeId, domainUid, name, cancellationToken);

    public Task ApplyNetworkAsync(string nodeId, Guid domainUid, ServiceNetwork network, CancellationToken cancellationToken) =>
        Host.ApplyNetwork(nodeId, domainUid, network, cancellationToken);

    public Task<NodeInfo> ProbeAsync(string nodeId, Guid domainUid, CancellationToken cancellationToken) => Host.Probe(nodeId, domainUid, cancellationToken);

    public Task<IReadOnlyList<ServableView>> ListServablesAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string type, CancellationToken cancellationToken) =>
        Host.ListServables(nodeId, domainUid, principal, type, cancellationToken);

    public Task LinkTrustObjectAsync(string nodeId, Guid domainUid, VerifiedPrincipal actor, string homeNodeId, string trustId, string objectId, Capability capabilities,
        CancellationToken cancellationToken) =>
        Host.LinkTrustObject(nodeId, domainUid, actor, homeNodeId, trustId, objectId, capabilities, cancellationToken);

    public Task<IReadOnlyList<TrustView>> ListTrustsAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, CancellationToken cancellationToken) =>
        Host.ListTrusts(nodeId, domainUid, principal, cancellationToken);

    public Task<TrustAnswer> ChangeTrustAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string trustId, TrustChange change, CancellationToken cancellationToken) =>
        Host.ChangeTrust(nodeId, domainUid, principal, trustId, change, cancellationToken);

    public Task<ServableAnswer> ActOnServableAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string servableId, ServableAction action,
        CancellationToken cancellationToken) =>
        Host.ActOnServable(nodeId, domainUid, principal, servableId, action, cancellationToken);

    public Task ApplyTrustAsync(string nodeId, Guid domainUid, TrustedSet set, bool withdrawn, CancellationToken cancellationToken) =>
        Host.ApplyTrust(nodeId, domainUid, set, withdrawn, cancellationToken);

    public Task SyncUsersAsync(string nodeId, Guid domainUid, UserSet set, CancellationToken cancellationToken) =>
        Host.SyncUsers(nodeId, domainUid, set, cancellationToken);
}
