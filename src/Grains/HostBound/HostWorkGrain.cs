using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.HostBound;

/// <summary>
/// Runs host-bound work with this host's own ports (registered under <see cref="HostWork.Key"/>). Placed on the Lease
/// holder, so it dies with it and the next call activates it where the Lease went; it holds no state of its own, and
/// the grains put their overlays and pods back in place on the new host as the new leader reconciles every object.
/// Reentrant: calls to different members and pods must not wait for each other.
/// </summary>
[Reentrant, LeaseHolderPlacement]
public sealed class HostWorkGrain(
    [FromKeyedServices(HostWork.Key)] IWireGuardSupport wireGuard,
    [FromKeyedServices(HostWork.Key)] IOverlayNetwork overlay,
    [FromKeyedServices(HostWork.Key)] IPodInterfaces pods,
    [FromKeyedServices(HostWork.Key)] IFederationClient federation) : Grain, IHostWorkGrain
{
    public Task<string?> WireGuardProblem(CancellationToken cancellationToken) => wireGuard.ProblemAsync(cancellationToken);

    public Task EnsureOverlay(OverlayConfig config, CancellationToken cancellationToken) => overlay.EnsureAsync(config, cancellationToken);

    public Task RemoveOverlay(Guid domainUid, CancellationToken cancellationToken) => overlay.RemoveAsync(domainUid, cancellationToken);

    public Task<DateTimeOffset?> OverlayHandshake(Guid domainUid, string publicKey, CancellationToken cancellationToken) =>
        overlay.LastHandshakeAsync(domainUid, publicKey, cancellationToken);

    public Task<PodNetns?> FindPod(string podName, CancellationToken cancellationToken) => pods.FindPodAsync(podName, cancellationToken);

    public Task EnsurePodInterface(PodInterfaceConfig config, CancellationToken cancellationToken) => pods.EnsureAsync(config, cancellationToken);

    public Task RemovePodInterface(string interfaceName, PodNetns pod, CancellationToken cancellationToken) =>
        pods.RemoveAsync(interfaceName, pod, cancellationToken);

    public Task<DateTimeOffset?> PodHandshake(string interfaceName, PodNetns pod, string publicKey, CancellationToken cancellationToken) =>
        pods.LastHandshakeAsync(interfaceName, pod, publicKey, cancellationToken);

    public Task ApplyMembership(string nodeId, Guid domainUid, MemberList memberList, CancellationToken cancellationToken) =>
        federation.ApplyMembershipAsync(nodeId, domainUid, memberList, cancellationToken);

    public Task Leave(string nodeId, Guid domainUid, CancellationToken cancellationToken) => federation.LeaveAsync(nodeId, domainUid, cancellationToken);

    public Task SyncApps(string nodeId, Guid domainUid, AppSet set, CancellationToken cancellationToken) =>
        federation.SyncAppsAsync(nodeId, domainUid, set, cancellationToken);

    public Task<NetworkAnswer> JoinNetwork(string nodeId, Guid domainUid, NetworkJoin join, CancellationToken cancellationToken) =>
        federation.JoinNetworkAsync(nodeId, domainUid, join, cancellationToken);

    public Task LeaveNetwork(string nodeId, Guid domainUid, string name, CancellationToken cancellationToken) =>
        federation.LeaveNetworkAsync(nodeId, domainUid, name, cancellationToken);

    public Task ApplyNetwork(string nodeId, Guid domainUid, ServiceNetwork network, CancellationToken cancellationToken) =>
        federation.ApplyNetworkAsync(nodeId, domainUid, network, cancellationToken);

    public Task<NodeInfo> Probe(string nodeId, Guid domainUid, CancellationToken cancellationToken) => federation.ProbeAsync(nodeId, domainUid, cancellationToken);

    public Task<IReadOnlyList<ServableView>> ListServables(string nodeId, Guid domainUid, VerifiedPrincipal principal, string type, CancellationToken cancellationToken) =>
        federation.ListServablesAsync(nodeId, domainUid, principal, type, cancellationToken);

    public Task LinkTrustObject(string nodeId, Guid domainUid, VerifiedPrincipal actor, string homeNodeId, string trustId, string objectId, Capability capabilities,
        CancellationToken cancellationToken) =>
        federation.LinkTrustObjectAsync(nodeId, domainUid, actor, homeNodeId, trustId, objectId, capabilities, cancellationToken);

    public Task<IReadOnlyList<TrustView>> ListTrusts(string nodeId, Guid domainUid, VerifiedPrincipal principal, CancellationToken cancellationToken) =>
        federation.ListTrustsAsync(nodeId, domainUid, principal, cancellationToken);

    public Task<TrustAnswer> ChangeTrust(string nodeId, Guid domainUid, VerifiedPrincipal principal, string trustId, TrustChange change, CancellationToken cancellationToken) =>
        federation.ChangeTrustAsync(nodeId, domainUid, principal, trustId, change, cancellationToken);

    public Task<ServableAnswer> ActOnServable(string nodeId, Guid domainUid, VerifiedPrincipal principal, string servableId, ServableAction action,
        CancellationToken cancellationToken) =>
        federation.ActOnServableAsync(nodeId, domainUid, principal, servableId, action, cancellationToken);

    public Task ApplyTrust(string nodeId, Guid domainUid, TrustedSet set, bool withdrawn, CancellationToken cancellationToken) =>
        federation.ApplyTrustAsync(nodeId, domainUid, set, withdrawn, cancellationToken);

    public Task SyncUsers(string nodeId, Guid domainUid, UserSet set, CancellationToken cancellationToken) =>
        federation.SyncUsersAsync(nodeId, domainUid, set, cancellationToken);
}
