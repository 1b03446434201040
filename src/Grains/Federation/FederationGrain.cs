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
using Dtaas.Grains.Ports;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Federation;

/// <summary>
/// The entry for calls from other members of one domain (key: the domain uid). It finds the local dtDomain that
/// stands for the domain and hands the call on with the caller the federation listener verified (an argument, never
/// read from the request); a call without one is refused.
/// </summary>
[Reentrant]
public sealed class FederationGrain(ILocalObjects objects) : Grain, IFederationGrain
{
    private (string? Key, string? Version, Membership? List) _membership;

    public Task ApplyMembership(Membership membership, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        if (membership.DomainUid != DomainUid)
        {
            throw new ArgumentException($"a member list of domain {membership.DomainUid} was sent to domain {DomainUid}");
        }
        return Domain().ApplyMembership(membership, caller, cancellationToken);
    }

    public async Task Leave(string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        if (await Domain().MemberLeaves(caller, cancellationToken) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }
    }

    public Task SyncApps(AppSet set, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        if (set.DomainUid != DomainUid)
        {
            throw new ArgumentException($"apps of domain {set.DomainUid} were sent to domain {DomainUid}");
        }
        var key = LocalKey();
        return GrainFactory.GetGrain<IAppCatalogGrain>(key[..key.IndexOf('/')]).ApplyApps(set, caller, cancellationToken);
    }

    public Task<NetworkAnswer> JoinNetwork(NetworkJoin join, string callerNodeId, CancellationToken cancellationToken) =>
        Registry().JoinNetwork(join, Caller(callerNodeId), cancellationToken);

    public Task LeaveNetwork(string name, string callerNodeId, CancellationToken cancellationToken) =>
        Registry().LeaveNetwork(name, Caller(callerNodeId), cancellationToken);

    public Task ApplyNetwork(ServiceNetwork network, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        var key = LocalKey();
        var creator = MembershipOf(key)?.CreatorNodeId;
        if (network.DomainUid != DomainUid || caller != creator)
        {
            throw new UnauthorizedAccessException($"only the domain's creator sends network states (not node {caller})");
        }
        return GrainFactory.GetGrain<IDtServiceGrain>($"{key[..key.IndexOf('/')]}/{network.Name}").ApplyNetwork(network, cancellationToken);
    }

    // The listener admitted the caller as a member of the domain's overlay; who this node is needs no more than that.
    public Task<NodeInfo> Probe(string callerNodeId, CancellationToken cancellationToken)
    {
        Caller(callerNodeId);
        return GrainFactory.GetGrain<INodeGrain>(INodeGrain.Self).GetInfo();
    }

    public Task<IReadOnlyList<ServableView>> ListServables(PrincipalId user, string username, string type, string callerNodeId, CancellationToken cancellationToken)
    {
        var (key, verified) = UserOfCaller(user, username, callerNodeId);
        return Servables(key).List(verified, type, cancellationToken);
    }

    public async Task LinkTrustObject(PrincipalId user, string username, string homeNodeId, string trustId, string objectId, Capability capabilities,
        string callerNodeId, CancellationToken cancellationToken)
    {
        var (key, verified) = UserOfCaller(user, username, callerNodeId);
        var answer = await Servables(key).Act(verified, null, objectId, new ServableAction.Link(trustId, homeNodeId, capabilities), cancellationToken);
        _ = answer.Outcome switch
        {
            ServableOutcome.Done => true,
            ServableOutcome.Hidden => throw new KeyNotFoundException($"no object with id {objectId}"),
            ServableOutcome.Invalid => throw new ArgumentException(answer.Error),
            _ => throw new UnauthorizedAccessException(answer.Error),
        };
    }

    public Task<IReadOnlyList<TrustView>> ListTrusts(PrincipalId user, string username, string callerNodeId, CancellationToken cancellationToken)
    {
        var (key, verified) = UserOfCaller(user, username, callerNodeId);
        return GrainFactory.GetGrain<ITrustDirectoryGrain>(key[..key.IndexOf('/')]).List(verified, cancellationToken);
    }

    // Only a trust kept here (members ask each other to find a trust's home): the change is never handed on.
    public Task<TrustAnswer> ChangeTrust(PrincipalId user, string username, string trustId, TrustChange change, string callerNodeId, CancellationToken cancellationToken)
    {
        var (key, verified) = UserOfCaller(user, username, callerNodeId);
        var ns = key[..key.IndexOf('/')];
        return objects.Trusts().Any(t => t.Metadata.Namespace == ns && t.Metadata.Name == trustId)
            ? change.ApplyTo(GrainFactory.GetGrain<ITrustGrain>($"{ns}/{trustId}"), verified, cancellationToken)
            : Task.FromResult(TrustAnswer.Refused(ServableOutcome.Hidden, $"no trust {trustId}"));
    }

    public Task ApplyTrust(TrustedSet set, bool withdrawn, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        var key = LocalKey();
        var book = GrainFactory.GetGrain<ITrustBookGrain>(key[..key.IndexOf('/')]);
        return withdrawn ? book.Withdraw(caller, set.TrustId, cancellationToken) : book.Apply(set with { HomeNodeId = caller }, cancellationToken);
    }

    /// <summary>
    /// A user the calling member speaks for: only one of its own, named by its username and the member's name in this
    /// node's member list (never a node name from the wire).
    /// </summary>
    private (string Key, VerifiedPrincipal User) UserOfCaller(PrincipalId user, string username, string callerNodeId)
    {
        var caller = Caller(callerNodeId);
        if (user.NodeId != caller)
        {
            throw new UnauthorizedAccessException($"node {caller} speaks only for its own users, not for a user of node {user.NodeId}");
        }
        if (user.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
        var key = LocalKey();
        var name = MembershipOf(key)?.Members.FirstOrDefault(m => m.NodeId == caller)?.Name
            ?? throw new UnauthorizedAccessException($"node {caller} is not in this node's member list of the domain");
        var principal = Principal.TryParse($"{username}@{name}", out var parsed, out var invalid) ? parsed : throw new ArgumentException(invalid);
        return (key, new VerifiedPrincipal(principal, user));
    }

    private IServableDirectoryGrain Servables(string key) => GrainFactory.GetGrain<IServableDirectoryGrain>(key[..key.IndexOf('/')]);

    public Task SyncUsers(UserSet set, string callerNodeId, CancellationToken cancellationToken)
    {
        var caller = Caller(callerNodeId);
        var key = LocalKey();
        return GrainFactory.GetGrain<IUserCatalogGrain>(key[..key.IndexOf('/')]).ApplyUsers(set, caller, cancellationToken);
    }

    private Guid DomainUid => Guid.Parse(this.GetPrimaryKeyString());

    private IDtDomainGrain Domain() => GrainFactory.GetGrain<IDtDomainGrain>(LocalKey());

    private INetworkRegistryGrain Registry() => GrainFactory.GetGrain<INetworkRegistryGrain>(LocalKey());

    /// <summary>
    /// The member list this node holds for the domain, in its dtDomain <paramref name="key"/>; parsed again only when the
    /// object changed (a federated list asks it on every call).
    /// </summary>
    private Membership? MembershipOf(string key)
    {
        var domain = objects.Domains().FirstOrDefault(d => $"{d.Metadata.Namespace}/{d.Metadata.Name}" == key);
        if (domain is null)
        {
            return null;
        }
        if (domain.Metadata.ResourceVersion is null || _membership.Version != domain.Metadata.ResourceVersion || _membership.Key != key)
        {
            _membership = (key, domain.Metadata.ResourceVersion, DomainAnnotations.ReadMembership(domain));
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
