using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>A single node's view of the federation: no other member can be reached, so every call fails as an unreachable node's would.</summary>
public sealed class UnreachableFederation : IFederationClient
{
    public Task ApplyMembershipAsync(string nodeId, Guid domainUid, MemberList memberList, CancellationToken cancellationToken) => Fail(nodeId);

    public Task LeaveAsync(string nodeId, Guid domainUid, CancellationToken cancellationToken) => Fail(nodeId);

    public Task SyncAppsAsync(string nodeId, Guid domainUid, AppSet set, CancellationToken cancellationToken) => Fail(nodeId);

    public Task<NetworkAnswer> JoinNetworkAsync(string nodeId, Guid domainUid, NetworkJoin join, CancellationToken cancellationToken) => Fail<NetworkAnswer>(nodeId);

    public Task LeaveNetworkAsync(string nodeId, Guid domainUid, string name, CancellationToken cancellationToken) => Fail(nodeId);

    public Task ApplyNetworkAsync(string nodeId, Guid domainUid, ServiceNetwork network, CancellationToken cancellationToken) => Fail(nodeId);

    /// <summary>When each probe was sent (<see cref="System.Diagnostics.Stopwatch"/> ticks), in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<long> Probes { get; } = new();

    public Task<NodeInfo> ProbeAsync(string nodeId, Guid domainUid, CancellationToken cancellationToken)
    {
        Probes.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
        return Fail<NodeInfo>(nodeId);
    }

    public Task<IReadOnlyList<ServableView>> ListServablesAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string type, CancellationToken cancellationToken) =>
        Fail<IReadOnlyList<ServableView>>(nodeId);

    public Task<IReadOnlyList<TrustView>> ListTrustsAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, CancellationToken cancellationToken) =>
        Fail<IReadOnlyList<TrustView>>(nodeId);

    public Task<TrustAnswer> ChangeTrustAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string trustId, TrustChange change, CancellationToken cancellationToken) =>
        Fail<TrustAnswer>(nodeId);

    public Task<ServableAnswer> ActOnServableAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string servableId, ServableAction action,
        CancellationToken cancellationToken) =>
        Fail<ServableAnswer>(nodeId);

    public Task LinkTrustObjectAsync(string nodeId, Guid domainUid, VerifiedPrincipal actor, string homeNodeId, string trustId, string objectId, Capability capabilities,
        CancellationToken cancellationToken) =>
        Fail(nodeId);

    public Task ApplyTrustAsync(string nodeId, Guid domainUid, TrustedSet set, bool withdrawn, CancellationToken cancellationToken) => Fail(nodeId);

    public Task SyncUsersAsync(string nodeId, Guid domainUid, UserSet set, CancellationToken cancellationToken) => Fail(nodeId);

    private static Task Fail(string nodeId) => Fail<object>(nodeId);

    private static Task<T> Fail<T>(string nodeId) =>
        Task.FromException<T>(new FederationCallException($"Cannot reach node {nodeId}: no other node in this test"));
}
