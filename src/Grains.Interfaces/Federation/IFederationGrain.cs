using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Orleans;

namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>
/// A domain as other members call it, local to this node (key: the domain uid, <c>Guid.ToString()</c>): the one grain
/// the federation listener calls for each request that arrives over the domain's overlay. <c>callerNodeId</c> is the
/// member the listener verified (the owner of the overlay source address, which the request also named); the grain
/// passes it on so the domain can check who is speaking, and never learns a caller any other way.
/// </summary>
[Alias("dtaas.FederationGrain")]
[NodeInternal]
public interface IFederationGrain : IGrainWithStringKey
{
    /// <summary>The creator pushes its member list; a member applies it when it is newer than the one it has.</summary>
    [Alias("ApplyMembership")]
    Task ApplyMembership(MemberList memberList, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>A member leaves (its dtDomain was deleted); only the creator acts on it.</summary>
    [Alias("Leave")]
    Task Leave(string callerNodeId, CancellationToken cancellationToken);

    /// <summary>A member sends every app it shares with this domain; this node places their replicas.</summary>
    [Alias("SyncApps")]
    Task SyncApps(AppSet set, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>A member asks the creator's registry for its pod's place on a dtService network (creating it when new).</summary>
    [Alias("JoinNetwork")]
    Task<NetworkAnswer> JoinNetwork(NetworkJoin join, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>A member's pod leaves a network (its dtService was deleted); the creator's registry takes it off.</summary>
    [Alias("LeaveNetwork")]
    Task LeaveNetwork(string name, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>The creator pushes a newer state of a network this node has a pod on.</summary>
    [Alias("ApplyNetwork")]
    Task ApplyNetwork(ServiceNetwork network, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>A member's dtPeer asks who this node is (liveness and round trip).</summary>
    [Alias("Probe")]
    Task<NodeInfo> Probe(string callerNodeId, CancellationToken cancellationToken);

    /// <summary>
    /// A member lists this node's servables of <paramref name="type"/> for one of its own users: the user's node must be
    /// the caller; it is named <paramref name="username"/>@&lt;the caller's name in this node's member list&gt;.
    /// </summary>
    [Alias("ListServables")]
    Task<IReadOnlyList<ServableView>> ListServables(PrincipalId user, string username, string type, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>
    /// The caller's user asks to link this node's object into trust <paramref name="trustId"/> of node
    /// <paramref name="homeNodeId"/> (the caller's, or one the user is a trustee of); it needs MANAGE and what it gives, here.
    /// </summary>
    [Alias("LinkTrustObject")]
    Task LinkTrustObject(PrincipalId user, string username, string homeNodeId, string trustId, string objectId, Capability capabilities, string callerNodeId,
        CancellationToken cancellationToken);

    /// <summary>A member lists this node's trusts for one of its own users (named as for <see cref="ListServables"/>): those it is a trustee or member of.</summary>
    [Alias("ListTrusts")]
    Task<IReadOnlyList<TrustView>> ListTrusts(PrincipalId user, string username, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>One of the caller's users acts on a trust of this node (its home), decided here as for a user of this node.</summary>
    [Alias("ChangeTrust")]
    Task<TrustAnswer> ChangeTrust(PrincipalId user, string username, string trustId, TrustChange change, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>
    /// One of the caller's users (named as for <see cref="ListServables"/>) acts on a servable of this node by its id
    /// (read, grant, revoke), decided here as for a user of this node; Hidden when this node holds no such servable.
    /// </summary>
    [Alias("ActOnServable")]
    Task<ServableAnswer> ActOnServable(PrincipalId user, string username, string servableId, ServableAction action, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>The caller tells the state of one of its trusts (its home node is the caller, whatever the set says).</summary>
    [Alias("ApplyTrust")]
    Task ApplyTrust(TrustedSet set, bool withdrawn, string callerNodeId, CancellationToken cancellationToken);

    /// <summary>A member sends all its Ready users (only its own); this node places their replicas.</summary>
    [Alias("SyncUsers")]
    Task SyncUsers(UserSet set, string callerNodeId, CancellationToken cancellationToken);
}
