using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Peers;
using Dtaas.Grains.Ports;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Federation;

/// <summary>
/// The entry for calls from other members of one domain (key: the domain uid). It finds the local dtDomain that
/// stands for the domain and hands the call on with the caller the federation listener verified (an argument, never
/// read from the request); a call without one is refused.
/// Two strengths of check, on purpose: calls that bring objects or users onto this node (apps, users, trusts,
/// servables) go through <see cref="AcceptedAsync"/>, which also refuses a member whose name or node id this node met
/// first under another key in another domain (<see cref="NodeClaims"/>); calls about the domain's own member list,
/// networks and liveness (ApplyMembership, Leave, the network calls, Probe) need only the verified caller, because the
/// grain they go to decides by this domain's member list (only the creator's list is applied, only the creator sends
/// network states), and a refused member must still be able to leave or be probed and removed.
/// </summary>
[Reentrant]
public sealed class FederationGrain(NodeDescription node, ILocalObjects objects, IEventRecorder events) : Grain, IFederationGrain
{
    private (string? Key, string? Version, MemberList? List) _membership;
    private readonly PeerWarnings _warnings = new(objects, events);

    public Task ApplyMembership(MemberList memberList, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        if (memberList.DomainUid != DomainUid)
        {
            throw new ArgumentException($"a member list of domain {memberList.DomainUid} was sent to domain {DomainUid}");
        }
        return Domain().ApplyMembership(memberList, caller, cancellationToken);
    }

    public async Task Leave(string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        if (await Domain().MemberLeaves(caller, cancellationToken) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }
    }

    public async Task SyncApps(AppSet set, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = await AcceptedAsync(callerNodeId, cancellationToken);
        if (set.DomainUid != DomainUid)
        {
            throw new ArgumentException($"apps of domain {set.DomainUid} were sent to domain {DomainUid}");
        }
        await WithinShareAsync(caller, set.Apps.Count, "apps", FairShares.AppsPerMember, cancellationToken);
        await GrainFactory.GetGrain<IAppCatalogGrain>(Namespace()).ApplyApps(set, caller, cancellationToken);
    }

    public Task<NetworkAnswer> JoinNetwork(NetworkJoin join, string callerNodeId, CancellationToken cancellationToken) =>
        Registry().JoinNetwork(join, Caller(callerNodeId), cancellationToken);

    public Task LeaveNetwork(string name, string callerNodeId, CancellationToken cancellationToken) =>
        Registry().LeaveNetwork(name, Caller(callerNodeId), cancellationToken);

    public Task ApplyNetwork(ServiceNetwork network, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        var key = LocalKey();
        var creator = MemberListOf(key)?.CreatorNodeId;
        if (network.DomainUid != DomainUid || caller != creator)
        {
            throw new UnauthorizedAccessException($"only the domain's creator sends network states (not node {caller})");
        }
        return GrainFactory.GetGrain<IDtServiceGrain>(ObjectKey.Parse(key).Sibling(network.Name).ToString()).ApplyNetwork(network, cancellationToken);
    }

    // The listener admitted the caller as a member of the domain's overlay; who this node is needs no more than that.
    public Task<NodeInfo> Probe(string callerNodeId, CancellationToken cancellationToken)
    {
        Caller(callerNodeId);
        return GrainFactory.GetGrain<INodeGrain>(INodeGrain.Self).GetInfo();
    }

    public async Task<IReadOnlyList<ServableView>> ListServables(PrincipalId user, string username, string type, string callerNodeId, CancellationToken cancellationToken)
    {
        var (key, verified) = await UserOfCallerAsync(user, username, callerNodeId, cancellationToken);
        return await Servables(key).List(verified, type, cancellationToken);
    }

    public async Task LinkTrustObject(PrincipalId user, string username, string homeNodeId, string trustId, string objectId, Capability capabilities,
        string callerNodeId, CancellationToken cancellationToken)
    {
        if (!TrustIds.IsHome(trustId, homeNodeId))
        {
            throw new ArgumentException($"trust {trustId} is not kept on node {homeNodeId}: its id names another home");
        }
        var (key, verified) = await UserOfCallerAsync(user, username, callerNodeId, cancellationToken);
        var answer = await Servables(key).Act(verified, null, objectId, new ServableAction.Link(trustId, homeNodeId, capabilities), cancellationToken);
        _ = answer.Outcome switch
        {
            ServableOutcome.Done => true,
            ServableOutcome.Hidden => throw new KeyNotFoundException($"no object with id {objectId}"),
            ServableOutcome.Invalid => throw new ArgumentException(answer.Error),
            _ => throw new UnauthorizedAccessException(answer.Error),
        };
    }

    public async Task<IReadOnlyList<TrustView>> ListTrusts(PrincipalId user, string username, string callerNodeId, CancellationToken cancellationToken)
    {
        var (key, verified) = await UserOfCallerAsync(user, username, callerNodeId, cancellationToken);
        return await GrainFactory.GetGrain<ITrustDirectoryGrain>(ObjectKey.Parse(key).Namespace).List(verified, cancellationToken);
    }

    // Only a trust kept here (members ask each other to find a trust's home): the change is never handed on.
    public async Task<TrustAnswer> ChangeTrust(PrincipalId user, string username, string trustId, TrustChange change, string callerNodeId, CancellationToken cancellationToken)
    {
        var (key, verified) = await UserOfCallerAsync(user, username, callerNodeId, cancellationToken);
        var ns = ObjectKey.Parse(key).Namespace;
        return objects.Trusts().Any(t => t.Metadata.Namespace == ns && t.Metadata.Name == trustId)
            ? await change.ApplyTo(GrainFactory.GetGrain<IDtTrustGrain>($"{ns}/{trustId}"), verified, cancellationToken)
            : TrustAnswer.Refused(ServableOutcome.Hidden, $"no trust {trustId}");
    }

    public async Task<ServableAnswer> ActOnServable(PrincipalId user, string username, string servableId, ServableAction action, string callerNodeId,
        CancellationToken cancellationToken)
    {
        if (action is not (ServableAction.Read or ServableAction.Grant or ServableAction.Revoke or ServableAction.Update { ServiceSelector: null } or ServableAction.Delete))
        {
            throw new ArgumentException($"{action.GetType().Name} is not an action on another member's servable");
        }
        var (key, verified) = await UserOfCallerAsync(user, username, callerNodeId, cancellationToken);
        // The user is another node's, so the directory answers for this node's servables only.
        return await Servables(key).Act(verified, null, servableId, action, cancellationToken);
    }

    public async Task ApplyTrust(TrustedSet set, bool withdrawn, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = await AcceptedAsync(callerNodeId, cancellationToken);
        if (!TrustIds.IsHome(set.TrustId, caller))
        {
            var refusal = $"node {caller} is not the home of trust {set.TrustId} (its id names another node), so it does not tell who is in it";
            await _warnings.WarnAsync(Namespace(), caller, "TrustRefused", refusal, cancellationToken);
            throw new UnauthorizedAccessException(refusal);
        }
        var book = GrainFactory.GetGrain<ITrustBookGrain>(Namespace());
        await (withdrawn ? book.Withdraw(caller, set.TrustId, cancellationToken) : book.Apply(set with { HomeNodeId = caller }, cancellationToken));
    }

    /// <summary>
    /// A user the calling member speaks for: only one of its own, named by its username and the member's name in this
    /// node's member list (never a node name from the wire).
    /// </summary>
    private async Task<(string Key, VerifiedPrincipal User)> UserOfCallerAsync(PrincipalId user, string username, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = await AcceptedAsync(callerNodeId, cancellationToken);
        if (user.NodeId != caller)
        {
            throw new UnauthorizedAccessException($"node {caller} speaks only for its own users, not for a user of node {user.NodeId}");
        }
        if (user.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
        var key = LocalKey();
        var name = MemberListOf(key)?.Members.FirstOrDefault(m => m.NodeId == caller)?.Name
            ?? throw new UnauthorizedAccessException($"node {caller} is not in this node's member list of the domain");
        var principal = Principal.TryParse($"{username}@{name}", out var parsed, out var invalid) ? parsed : throw new ArgumentException(invalid);
        return (key, new VerifiedPrincipal(principal, user));
    }

    private IServableDirectoryGrain Servables(string key) => GrainFactory.GetGrain<IServableDirectoryGrain>(ObjectKey.Parse(key).Namespace);

    public async Task SyncUsers(UserSet set, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = await AcceptedAsync(callerNodeId, cancellationToken);
        await WithinShareAsync(caller, set.Users.Count, "users", FairShares.UsersPerMember, cancellationToken);
        await GrainFactory.GetGrain<IUserCatalogGrain>(Namespace()).ApplyUsers(set, caller, cancellationToken);
    }

    /// <summary>
    /// The caller, when its entry in this domain's member list is the node it says (<see cref="NodeClaims"/>): one name
    /// or node id met first under another key elsewhere is refused, with a Warning on its dtPeer.
    /// </summary>
    private async Task<string> AcceptedAsync(string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        if (caller == node.Id)
        {
            // Only a member list naming this node's id at another overlay address (another key) lets such a call in.
            throw new UnauthorizedAccessException($"a member entry with this node's own id {caller} called it: that entry is not this node");
        }
        if (SharingDomain.Claims(objects.Domains(), objects.Peers(), node.Id).Refusal(DomainUid, caller) is { } refusal)
        {
            await _warnings.WarnAsync(Namespace(), caller, "NodeRefused", refusal, cancellationToken);
            throw new UnauthorizedAccessException($"node {node.Name} takes nothing from node {caller}: {refusal}");
        }
        return caller;
    }

    private async Task WithinShareAsync(string caller, int count, string what, int cap, CancellationToken cancellationToken)
    {
        if (count > cap)
        {
            var refusal = FairShares.Refusal(caller, count, what, cap);
            await _warnings.WarnAsync(Namespace(), caller, "FairShareExceeded", refusal, cancellationToken);
            throw new ArgumentException(refusal);
        }
    }

    private string Namespace() => ObjectKey.Parse(LocalKey()).Namespace;

    private Guid DomainUid => Guid.Parse(this.GetPrimaryKeyString());

    private IDtDomainGrain Domain() => GrainFactory.GetGrain<IDtDomainGrain>(LocalKey());

    private INetworkRegistryGrain Registry() => GrainFactory.GetGrain<INetworkRegistryGrain>(LocalKey());

    /// <summary>
    /// The member list this node holds for the domain, in its dtDomain <paramref name="key"/>; parsed again only when the
    /// object changed (a federated list asks it on every call).
    /// </summary>
    private MemberList? MemberListOf(string key)
    {
        var domain = objects.Domains().FirstOrDefault(d => ObjectKey.Of(d).ToString() == key);
        if (domain is null)
        {
            return null;
        }
        if (domain.Metadata.ResourceVersion is null || _membership.Version != domain.Metadata.ResourceVersion || _membership.Key != key)
        {
            _membership = (key, domain.Metadata.ResourceVersion, DomainAnnotations.ReadMemberList(domain));
        }
        return _membership.List;
    }

    private string LocalKey() =>
        DomainIdentity.LocalKey(objects.Domains(), DomainUid) ?? throw new KeyNotFoundException($"this node has no dtDomain for domain {DomainUid}");

    private static string Caller(string callerNodeId) =>
        string.IsNullOrEmpty(callerNodeId)
            ? throw new UnauthorizedAccessException("federation calls are accepted only from members, over the overlay")
            : callerNodeId;
}
