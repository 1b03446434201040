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
/// The work of a node that is tied to one host, done on the silo that holds the node's Lease (key: <see cref="Key"/>):
/// the domain overlays with their listeners, the pods' interfaces, and federation calls, which leave from the overlay
/// address of that host. Grains on any silo of the node reach it through the <c>HostBound*</c> ports.
/// </summary>
[Alias("dtaas.HostWorkGrain")]
public interface IHostWorkGrain : IGrainWithStringKey
{
    public const string Key = "host";

    [Alias("WireGuardProblem")] Task<string?> WireGuardProblem(CancellationToken cancellationToken);

    [Alias("EnsureOverlay")] Task EnsureOverlay(OverlayConfig config, CancellationToken cancellationToken);
    [Alias("RemoveOverlay")] Task RemoveOverlay(Guid domainUid, CancellationToken cancellationToken);
    [Alias("OverlayHandshake")] Task<DateTimeOffset?> OverlayHandshake(Guid domainUid, string publicKey, CancellationToken cancellationToken);

    [Alias("FindPod")] Task<PodNetns?> FindPod(string podName, CancellationToken cancellationToken);
    [Alias("EnsurePodInterface")] Task EnsurePodInterface(PodInterfaceConfig config, CancellationToken cancellationToken);
    [Alias("RemovePodInterface")] Task RemovePodInterface(string interfaceName, PodNetns pod, CancellationToken cancellationToken);
    [Alias("PodHandshake")] Task<DateTimeOffset?> PodHandshake(string interfaceName, PodNetns pod, string publicKey, CancellationToken cancellationToken);

    [Alias("ApplyMembership")] Task ApplyMembership(string nodeId, Guid domainUid, MemberList memberList, CancellationToken cancellationToken);
    [Alias("Leave")] Task Leave(string nodeId, Guid domainUid, CancellationToken cancellationToken);
    [Alias("SyncApps")] Task SyncApps(string nodeId, Guid domainUid, AppSet set, CancellationToken cancellationToken);
    [Alias("JoinNetwork")] Task<NetworkAnswer> JoinNetwork(string nodeId, Guid domainUid, NetworkJoin join, CancellationToken cancellationToken);
    [Alias("LeaveNetwork")] Task LeaveNetwork(string nodeId, Guid domainUid, string name, CancellationToken cancellationToken);
    [Alias("ApplyNetwork")] Task ApplyNetwork(string nodeId, Guid domainUid, ServiceNetwork network, CancellationToken cancellationToken);
    [Alias("Probe")] Task<NodeInfo> Probe(string nodeId, Guid domainUid, CancellationToken cancellationToken);
    [Alias("ListServables")] Task<IReadOnlyList<ServableView>> ListServables(string nodeId, Guid domainUid, VerifiedPrincipal principal, string type, CancellationToken cancellationToken);
    [Alias("LinkTrustObject")] Task LinkTrustObject(string nodeId, Guid domainUid, VerifiedPrincipal actor, string homeNodeId, string trustId, string objectId, Capability capabilities, CancellationToken cancellationToken);
    [Alias("ListTrusts")] Task<IReadOnlyList<TrustView>> ListTrusts(string nodeId, Guid domainUid, VerifiedPrincipal principal, CancellationToken cancellationToken);
    [Alias("ChangeTrust")] Task<TrustAnswer> ChangeTrust(string nodeId, Guid domainUid, VerifiedPrincipal principal, string trustId, TrustChange change, CancellationToken cancellationToken);
    [Alias("ActOnServable")] Task<ServableAnswer> ActOnServable(string nodeId, Guid domainUid, VerifiedPrincipal principal, string servableId, ServableAction action, CancellationToken cancellationToken);
    [Alias("ApplyTrust")] Task ApplyTrust(string nodeId, Guid domainUid, TrustedSet set, bool withdrawn, CancellationToken cancellationToken);

    [Alias("SyncUsers")] Task SyncUsers(string nodeId, Guid domainUid, UserSet set, CancellationToken cancellationToken);
}
