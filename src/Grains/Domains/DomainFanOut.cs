using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Dtaas.Grains.Domains;

/// <summary>
/// What a dtDomain grain tells the node's other grains when its member list changes: one dtPeer per other member, the
/// dtServices on the domain, the catalogs and directories. What must not hold up the domain's turn goes through its
/// <see cref="IDomainFanOutGrain"/>.
/// </summary>
internal sealed class DomainFanOut(IGrainFactory grains, ILocalObjects objects, ObjectKey domain, ILogger logger)
{
    // What this activation last told each member's dtPeer: a new list version re-tells only the members whose entry
    // changed (in a domain of n members, n - 1 calls per change otherwise, on every member: n² across the domain).
    private readonly Dictionary<string, PeerAssignment> _told = new(StringComparer.Ordinal);

    private IDomainFanOutGrain Later => grains.GetGrain<IDomainFanOutGrain>(domain.ToString());

    /// <summary>Each other member's dtPeer tracks its entry; the dtPeers of nodes no longer members forget theirs.</summary>
    public async Task SyncPeersAsync(Guid domainUid, IReadOnlyList<DomainMember> others, CancellationToken cancellationToken)
    {
        var wanted = others.Select(m => m.NodeId).ToHashSet(StringComparer.Ordinal);
        // A dtPeer that is not there (another domain with the same member took it away) is told again.
        var present = objects.Peers().Where(p => p.DtDomain == domain.Name).Select(p => p.Metadata.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var member in others)
        {
            var assignment = new PeerAssignment(domain.Name, domainUid, member);
            if (_told.GetValueOrDefault(member.NodeId) != assignment || !present.Contains(member.NodeId))
            {
                await grains.GetGrain<IDtPeerGrain>(domain.Sibling(member.NodeId).ToString()).Track(assignment, cancellationToken);
                _told[member.NodeId] = assignment;
            }
        }
        foreach (var gone in _told.Keys.Where(id => !wanted.Contains(id)).ToList())
        {
            _told.Remove(gone);
        }
        foreach (var stale in objects.Peers().Where(p => p.DtDomain == domain.Name && p.Metadata.Name is { } id && !wanted.Contains(id)))
        {
            await grains.GetGrain<IDtPeerGrain>(domain.Sibling(stale.Metadata.Name!).ToString()).Forget(cancellationToken);
        }
    }

    /// <summary>
    /// The node's dtServices on this domain look again: one waiting for the domain joins now, and when this node left
    /// the domain its pods come off the networks. After this turn, not within it (a dtService's reconcile can call this
    /// domain, and awaiting it here could have each wait for the other).
    /// </summary>
    public void TellServices()
    {
        var names = objects.Services().Where(s => s.Spec?.DomainSelector == domain.Name).Select(s => s.Metadata.Name).OfType<string>().ToList();
        if (names.Count > 0)
        {
            _ = Later.TellServices(names);
        }
    }

    /// <summary>
    /// <see cref="TellCatalogsAsync(CancellationToken)"/> after this turn, for a list that went on applying: the members
    /// wait for neither the catalogs nor the sets other members send them, and lists applied faster than the catalogs
    /// follow (a burst of joins) are followed once each time. Taking this node out of the domain waits for them instead.
    /// </summary>
    public void TellCatalogsSoon() => _ = Later.TellCatalogs();

    /// <summary>Lists pushed faster than they are applied (a burst of joins) are applied once each time, not once per list.</summary>
    public void ReconcileSoon() => _ = Later.ReconcileDomain();

    /// <summary>
    /// The node's apps and users follow the member list: new members get them, replicas from members that left go; so do
    /// the grants to users of members that left, and their places in trusts.
    /// </summary>
    public async Task TellCatalogsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await TellCatalogsAsync(grains, domain.Namespace, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The domain is in place; apps and users catch up at their catalog's next refresh.
            logger.LogWarning("dtDomain {Domain}: the node's apps or users did not follow the member list yet: {Reason}", domain, e.Message);
        }
    }

    public static async Task TellCatalogsAsync(IGrainFactory grains, string ns, CancellationToken cancellationToken)
    {
        await grains.GetGrain<IAppCatalogGrain>(ns).Refresh(cancellationToken);
        await grains.GetGrain<IUserCatalogGrain>(ns).Refresh(cancellationToken);
        // Grants and trust entries of nodes that left go with them.
        await grains.GetGrain<IServableDirectoryGrain>(ns).ForgetDeparted(cancellationToken);
        await grains.GetGrain<ITrustDirectoryGrain>(ns).ForgetDeparted(cancellationToken);
    }
}
