using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;

namespace Dtaas.Grains.Ports;

/// <summary>
/// Calls to another member of a domain over the domain's overlay (the federation protocol, DESIGN.md 2.3): one method
/// per request a node sends another, each to node <c>nodeId</c> about domain <c>domainUid</c>, as this node. The
/// receiving node knows this node by the overlay source address and runs the request with that caller.
/// </summary>
/// <remarks>
/// Every call ends within the federation timeout (5 s) or when <c>cancellationToken</c> is cancelled, whichever is
/// first. Failures: <see cref="OperationCanceledException"/> when the token was cancelled; <see cref="TimeoutException"/>
/// when the timeout passed; <see cref="FederationCallException"/> when the node cannot be reached or is not known;
/// the receiver's refusals as <see cref="UnauthorizedAccessException"/> (not a member, or not allowed),
/// <see cref="ArgumentException"/> (a request that does not fit), <see cref="KeyNotFoundException"/> (no such domain
/// there) and <see cref="InvalidOperationException"/> (the domain's state refuses it), with the receiver's reason.
/// </remarks>
public interface IFederationClient
{
    /// <summary>The creator pushes its member list to a member.</summary>
    Task ApplyMembershipAsync(string nodeId, Guid domainUid, MemberList memberList, CancellationToken cancellationToken);

    /// <summary>This node leaves the domain: tells the creator.</summary>
    Task LeaveAsync(string nodeId, Guid domainUid, CancellationToken cancellationToken);

    /// <summary>Sends a member every app this node shares with the domain.</summary>
    Task SyncAppsAsync(string nodeId, Guid domainUid, AppSet set, CancellationToken cancellationToken);

    /// <summary>Asks the creator's registry for this node's pod's place on a network.</summary>
    Task<NetworkAnswer> JoinNetworkAsync(string nodeId, Guid domainUid, NetworkJoin join, CancellationToken cancellationToken);

    /// <summary>Tells the creator's registry that this node's pod leaves network <paramref name="name"/>.</summary>
    Task LeaveNetworkAsync(string nodeId, Guid domainUid, string name, CancellationToken cancellationToken);

    /// <summary>The creator pushes a newer state of a network to a node with a pod on it.</summary>
    Task ApplyNetworkAsync(string nodeId, Guid domainUid, ServiceNetwork network, CancellationToken cancellationToken);

    /// <summary>Asks a member who it is (liveness and round trip).</summary>
    Task<NodeInfo> ProbeAsync(string nodeId, Guid domainUid, CancellationToken cancellationToken);

    /// <summary>Asks a member for its servables of <paramref name="type"/> that this node's user <paramref name="principal"/> may know of.</summary>
    Task<IReadOnlyList<ServableView>> ListServablesAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string type, CancellationToken cancellationToken);

    /// <summary>
    /// Asks an object's node to approve linking object <paramref name="objectId"/> into trust <paramref name="trustId"/>
    /// of node <paramref name="homeNodeId"/> (this one, or another whose trust this node's user <paramref name="actor"/> is a trustee of).
    /// </summary>
    Task LinkTrustObjectAsync(string nodeId, Guid domainUid, VerifiedPrincipal actor, string homeNodeId, string trustId, string objectId, Capability capabilities,
        CancellationToken cancellationToken);

    /// <summary>Asks a member for its trusts in which this node's user <paramref name="principal"/> is a trustee or member.</summary>
    Task<IReadOnlyList<TrustView>> ListTrustsAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, CancellationToken cancellationToken);

    /// <summary>This node's user <paramref name="principal"/> acts on trust <paramref name="trustId"/>, whose home is the member.</summary>
    Task<TrustAnswer> ChangeTrustAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string trustId, TrustChange change, CancellationToken cancellationToken);

    /// <summary>
    /// This node's user <paramref name="principal"/> reads, grants or revokes on servable <paramref name="servableId"/> of
    /// the member (Hidden when the member holds none the user may know of); the answer carries no URI.
    /// </summary>
    Task<ServableAnswer> ActOnServableAsync(string nodeId, Guid domainUid, VerifiedPrincipal principal, string servableId, ServableAction action,
        CancellationToken cancellationToken);

    /// <summary>Tells an object's node the current state of this node's trust (or that it was deleted).</summary>
    Task ApplyTrustAsync(string nodeId, Guid domainUid, TrustedSet set, bool withdrawn, CancellationToken cancellationToken);

    /// <summary>Sends a member every Ready user of this node, as a whole set.</summary>
    Task SyncUsersAsync(string nodeId, Guid domainUid, UserSet set, CancellationToken cancellationToken);
}
