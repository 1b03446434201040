using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Ports;
using Dtaas.Runtime;

namespace Dtaas.Grains.Federation;

/// <summary>
/// The entry for calls from other members of one domain (key: the domain uid). It finds the local dtDomain that
/// stands for the domain and hands the call on with the caller the federation listener authenticated; calls that
/// did not come over the overlay (no calling node) are refused.
/// </summary>
[Reentrant]
public sealed class FederationGrain(ILocalObjects objects) : Grain, IFederationGrain
{
    public Task ApplyMembership(Membership membership, CancellationToken cancellationToken)
    {
        var caller = Caller();
        if (membership.DomainUid != DomainUid)
        {
            throw new ArgumentException($"a member list of domain {membership.DomainUid} was sent to domain {DomainUid}");
        }
        return Domain().ApplyMembership(membership, caller, cancellationToken);
    }

    public async Task Leave(CancellationToken cancellationToken)
    {
        var caller = Caller();
        if (await Domain().MemberLeaves(caller, cancellationToken) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }
    }

    public Task SyncApps(AppSet set, CancellationToken cancellationToken)
    {
        var caller = Caller();
        if (set.DomainUid != DomainUid)
        {
            throw new ArgumentException($"apps of domain {set.DomainUid} were sent to domain {DomainUid}");
        }
        var key = LocalKey();
        return GrainFactory.GetGrain<IAppCatalogGrain>(key[..key.IndexOf('/')]).ApplyApps(set, caller, cancellationToken);
    }

    public Task<NetworkAnswer> JoinNetwork(NetworkJoin join, CancellationToken cancellationToken) =>
        Domain().JoinNetwork(join, Caller(), cancellationToken);

    public Task LeaveNetwork(string name, CancellationToken cancellationToken) => Domain().LeaveNetwork(name, Caller(), cancellationToken);

    public Task ApplyNetwork(ServiceNetwork network, CancellationToken cancellationToken)
    {
        var caller = Caller();
        var key = LocalKey();
        var creator = objects.Domains().Where(d => $"{d.Metadata.Namespace}/{d.Metadata.Name}" == key)
            .Select(DomainAnnotations.ReadMembership).FirstOrDefault()?.CreatorNodeId;
        if (network.DomainUid != DomainUid || caller != creator)
        {
            throw new UnauthorizedAccessException($"only the domain's creator sends network states (not node {caller})");
        }
        return GrainFactory.GetGrain<IDtServiceGrain>($"{key[..key.IndexOf('/')]}/{network.Name}").ApplyNetwork(network, cancellationToken);
    }

    private Guid DomainUid => Guid.Parse(GetPrimaryKeyString());

    private IDtDomainGrain Domain() => GrainFactory.GetGrain<IDtDomainGrain>(LocalKey());

    private string LocalKey() =>
        DomainIdentity.LocalKey(objects.Domains(), DomainUid) ?? throw new KeyNotFoundException($"this node has no dtDomain for domain {DomainUid}");

    private static string Caller() =>
        GrainCallContext.CallerNodeId ?? throw new UnauthorizedAccessException("federation calls are accepted only from members, over the overlay");
}
