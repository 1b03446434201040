using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Domains;

/// <summary>
/// A dtDomain (DESIGN.md 2.3). The object is the state: the member list lives in an annotation, so a restarted node
/// finds it again. The decisions belong to the node's role in the domain: <see cref="CreatorRole"/> on the node that
/// created it, <see cref="MemberRole"/> on a node that joined. This grain holds what both share: reading and writing
/// the object, the overlay and one dtPeer per other member following the list, the node's apps and dtServices told
/// of it, and deleting the object (a member leaves, the creator dissolves the domain).
/// </summary>
public sealed class DtDomainGrain : Grain, IDtDomainGrain, IDomainHost
{
    private readonly NodeDescription node;
    private readonly IOverlayNetwork overlay;
    private readonly ILocalObjects objects;
    private readonly ILogger<DtDomainGrain> logger;
    private readonly IEventRecorder events;
    private readonly IPersistentState<DtDomain> domain;
    private readonly CreatorRole _creator;
    private readonly MemberRole _member;
    private long _appliedVersion = -1; // the list whose overlay and dtPeers this activation has put in place
    // What this activation last told each member's dtPeer: a new list version re-tells only the members whose entry
    // changed (in a domain of n members, n - 1 calls per change otherwise, on every member: n² across the domain).
    private readonly Dictionary<string, PeerAssignment> _told = new(StringComparer.Ordinal);
    private bool _reconcileQueued; // a ReconcileSoon's call has not started yet
    private int _catalogsAsked; // TellCatalogsSoon calls since the running round began; 0: none running

    public DtDomainGrain(
        NodeDescription node,
        FederationSettings settings,
        IEventRecorder events,
        IOverlayNetwork overlay,
        IWireGuardSupport wireGuard,
        IJoinTransport joins,
        IJoinOpener opener,
        IFederationClient federation,
        ILocalObjects objects,
        [FromKeyedServices(GrainClock.Key)] TimeProvider time,
        ILogger<DtDomainGrain> logger,
        [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtDomain> domain)
    {
        (this.node, this.overlay, this.objects, this.logger, this.events, this.domain) = (node, overlay, objects, logger, events, domain);
        _creator = new CreatorRole(this, node, settings, events, overlay, wireGuard, opener, federation, objects, time, logger);
        _member = new MemberRole(this, node, settings, events, wireGuard, joins, federation, objects, time, logger);
    }

    private string Key => this.GetPrimaryKeyString();

    public Task<DtDomain?> Get() => Task.FromResult(ObjectKeys.Find(objects.Domains(), this.GetPrimaryKeyString()));

    public async Task<TimeSpan?> Reconcile(CancellationToken cancellationToken)
    {
        _reconcileQueued = false; // this reconcile reads the object as it is now: one asked for before this point is answered
        await domain.ReadStateAsync(cancellationToken);
        if (!domain.RecordExists)
        {
            DeactivateOnIdle();
            return null;
        }
        if (domain.State.Metadata.DeletionTimestamp is not null)
        {
            await FinishAsync(cancellationToken);
            return null;
        }
        return domain.State.Spec?.Peer is { } peer
            ? await _member.ReconcileAsync(peer, cancellationToken)
            : await _creator.ReconcileAsync(cancellationToken);
    }

    public async Task<JoinAnswer> AnswerJoin(byte[] sealedRequest, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        return await _creator.AnswerJoinAsync(sealedRequest, cancellationToken);
    }

    public async Task<StandingReply> Standing(string nodeId, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        return _creator.Standing(nodeId);
    }

    public async Task ApplyMembership(Membership membership, string fromNodeId, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        await _member.ApplyMembershipAsync(membership, fromNodeId, cancellationToken);
    }

    public async Task<string?> RemoveMember(string nodeId, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        return await _creator.RemoveAsync(nodeId, tellIt: true, cancellationToken);
    }

    public async Task<string?> MemberLeaves(string nodeId, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        return await _creator.RemoveAsync(nodeId, tellIt: false, cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _creator.Stop();
        _member.Stop();
        return Task.CompletedTask;
    }

    /// <summary>The object is being deleted: a member leaves, the creator dissolves the domain; then the finalizer goes.</summary>
    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        var observed = domain.State;
        if (!DomainAnnotations.HasFinalizer(observed))
        {
            return;
        }
        if (DomainAnnotations.ReadMembership(observed) is { } membership)
        {
            if (membership.CreatorNodeId == node.Id && observed.Spec?.Peer is null)
            {
                await _creator.DissolveAsync(membership, cancellationToken);
            }
            else if (membership.Find(node.Id) is not null && membership.Find(membership.CreatorNodeId) is not null)
            {
                await _member.LeaveAsync(membership, cancellationToken);
            }
            await TearDownAsync(membership, cancellationToken);
        }
        await WriteAsync(DomainAnnotations.WithFinalizer(domain.State, present: false), cancellationToken);
        _creator.Stop();
        DeactivateOnIdle();
    }

    /// <summary>Puts the overlay and the dtPeers in line with <paramref name="membership"/> (the dtPeers once per list version).</summary>
    private async Task ApplyAsync(Membership membership, CancellationToken cancellationToken)
    {
        var self = membership.Find(node.Id);
        if (self is null || membership.Find(membership.CreatorNodeId) is null)
        {
            await TearDownAsync(membership, cancellationToken);
            return;
        }
        var others = membership.Members.Where(m => m.NodeId != node.Id).ToList();
        // Every time, not once per list version: the overlay is the host's, and on a node of several silos the host
        // changes under a live activation when the Lease moves (ensuring what is in place is cheap).
        if (others.Count > 0)
        {
            await overlay.EnsureAsync(new OverlayConfig(membership.DomainUid, membership.OverlayNetwork, self, others), cancellationToken);
        }
        // The members hear of the list as soon as the overlay reaches them: their dtPeers and catalogs follow it on
        // their side, and this node's own dtPeers and catalogs need not be in place first.
        if (membership.CreatorNodeId == node.Id)
        {
            _creator.Deliver(membership);
        }
        if (membership.Version != _appliedVersion)
        {
            // A domain with no other member needs no interface (and a lone node no CAP_NET_ADMIN); one that had
            // members may have an interface to take down.
            if (others.Count == 0 && membership.Version > 1)
            {
                await overlay.RemoveAsync(membership.DomainUid, cancellationToken);
            }
            await SyncPeersAsync(membership.DomainUid, others, cancellationToken);
            _appliedVersion = membership.Version;
            TellCatalogsSoon();
            TellServices();
        }
        if (membership.CreatorNodeId != node.Id)
        {
            _member.Follow();
        }
    }

    private async Task TearDownAsync(Membership membership, CancellationToken cancellationToken)
    {
        // Version 1 is the creator alone: there never was an interface (nor, perhaps, the rights to look for one).
        if (membership.Version > 1)
        {
            await overlay.RemoveAsync(membership.DomainUid, cancellationToken);
        }
        await SyncPeersAsync(membership.DomainUid, [], cancellationToken);
        _appliedVersion = -1;
        await TellCatalogsAsync(cancellationToken);
        TellServices();
    }

    /// <summary>
    /// The node's dtServices on this domain look again: one waiting for the domain joins now, and when this node left
    /// the domain its pods come off the networks. After this turn, not within it (a dtService calls this grain as the
    /// registry, and awaiting it here could have each wait for the other).
    /// </summary>
    private void TellServices()
    {
        var (ns, name) = (domain.State.Metadata.Namespace, domain.State.Metadata.Name);
        foreach (var service in objects.Services().Where(s => s.Spec?.DomainSelector == name))
        {
            var grain = GrainFactory.GetGrain<IDtServiceGrain>(new ObjectKey(ns!, service.Metadata.Name!).ToString());
            _ = Task.Run(async () =>
            {
                try
                {
                    await grain.Reconcile(CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogWarning("dtDomain {Domain}: dtService {Service} did not follow yet; the watcher retries: {Reason}", Key, service.Metadata.Name, e.Message);
                }
            });
        }
    }

    /// <summary>
    /// The node's apps and users follow the member list: new members get them, replicas from members that left go; so do
    /// the grants to users of members that left, and their places in trusts.
    /// </summary>
    private async Task TellCatalogsAsync(CancellationToken cancellationToken)
    {
        var ns = domain.State.Metadata.Namespace!;
        try
        {
            await TellCatalogsAsync(GrainFactory, ns, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The domain is in place; apps and users catch up at their catalog's next refresh.
            logger.LogWarning("dtDomain {Domain}: the node's apps or users did not follow the member list yet: {Reason}", Key, e.Message);
        }
    }

    /// <summary>
    /// <see cref="TellCatalogsAsync(CancellationToken)"/> after this turn, for a list that went on applying: the members
    /// wait for neither the catalogs nor the sets other members send them, and lists applied faster than the catalogs
    /// follow (a burst of joins) are followed once each time. Taking this node out of the domain waits for them instead.
    /// </summary>
    private void TellCatalogsSoon()
    {
        if (Interlocked.Increment(ref _catalogsAsked) != 1)
        {
            return; // the round running goes round once more
        }
        var (grains, ns) = (GrainFactory, domain.State.Metadata.Namespace!);
        _ = Task.Run(async () =>
        {
            for (int asked = 1; ; asked = Volatile.Read(ref _catalogsAsked))
            {
                try
                {
                    await TellCatalogsAsync(grains, ns, CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogWarning("dtDomain {Domain}: the node's apps or users did not follow the member list yet: {Reason}", Key, e.Message);
                }
                if (Interlocked.CompareExchange(ref _catalogsAsked, 0, asked) == asked)
                {
                    return; // nobody asked meanwhile
                }
            }
        });
    }

    private static async Task TellCatalogsAsync(IGrainFactory grains, string ns, CancellationToken cancellationToken)
    {
        await grains.GetGrain<IAppCatalogGrain>(ns).Refresh(cancellationToken);
        await grains.GetGrain<IUserCatalogGrain>(ns).Refresh(cancellationToken);
        // Grants and trust entries of nodes that left go with them.
        await grains.GetGrain<IServableDirectoryGrain>(ns).ForgetDeparted(cancellationToken);
        await grains.GetGrain<ITrustDirectoryGrain>(ns).ForgetDeparted(cancellationToken);
    }

    private async Task SyncPeersAsync(Guid domainUid, IReadOnlyList<DomainMember> others, CancellationToken cancellationToken)
    {
        var (ns, name) = (domain.State.Metadata.Namespace, domain.State.Metadata.Name!);
        var wanted = others.Select(m => m.NodeId).ToHashSet(StringComparer.Ordinal);
        // A dtPeer that is not there (another domain with the same member took it away) is told again.
        var present = objects.Peers().Where(p => p.DtDomain == name).Select(p => p.Metadata.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var member in others)
        {
            var assignment = new PeerAssignment(name, domainUid, member);
            if (_told.GetValueOrDefault(member.NodeId) != assignment || !present.Contains(member.NodeId))
            {
                await GrainFactory.GetGrain<IDtPeerGrain>(new ObjectKey(ns!, member.NodeId).ToString()).Track(assignment, cancellationToken);
                _told[member.NodeId] = assignment;
            }
        }
        foreach (var gone in _told.Keys.Where(id => !wanted.Contains(id)).ToList())
        {
            _told.Remove(gone);
        }
        foreach (var stale in objects.Peers().Where(p => p.DtDomain == name && p.Metadata.Name is { } id && !wanted.Contains(id)))
        {
            await GrainFactory.GetGrain<IDtPeerGrain>(new ObjectKey(ns!, stale.Metadata.Name!).ToString()).Forget(cancellationToken);
        }
    }

    private void ReconcileSoon()
    {
        // Lists pushed faster than they are applied (a burst of joins) are applied once each time, not once per list.
        if (_reconcileQueued)
        {
            return;
        }
        _reconcileQueued = true;
        var self = GrainFactory.GetGrain<IDtDomainGrain>(Key);
        _ = Task.Run(async () =>
        {
            try
            {
                await self.Reconcile(CancellationToken.None);
            }
            catch (Exception e)
            {
                Volatile.Write(ref _reconcileQueued, false); // perhaps never delivered: the next list asks again
                logger.LogWarning("dtDomain {Domain}: applying the member list failed; the watcher retries: {Reason}", Key, e.Message);
            }
        });
    }

    private async Task WriteIfChangedAsync(DtDomain desired, string reason, string message, CancellationToken cancellationToken)
    {
        if (desired.SameAs(domain.State))
        {
            return;
        }
        bool newMessage = desired.Message != domain.State.Message;
        await WriteAsync(desired, cancellationToken);
        logger.LogInformation("dtDomain {Domain}: {Status}: {Message}", Key, desired.Status, message);
        if (newMessage)
        {
            await events.RecordAsync(desired, EventKind.Warning, reason, message, cancellationToken);
        }
    }

    private async Task WriteAsync(DtDomain desired, CancellationToken cancellationToken)
    {
        domain.State = desired;
        await domain.WriteStateAsync(cancellationToken);
    }

    string IDomainHost.Key => Key;

    DtDomain IDomainHost.State => domain.State;

    bool IDomainHost.Exists => domain.RecordExists;

    IGrainFactory IDomainHost.Grains => GrainFactory;

    Task IDomainHost.ReadAsync(CancellationToken cancellationToken) => domain.ReadStateAsync(cancellationToken);

    Task IDomainHost.WriteAsync(DtDomain desired, CancellationToken cancellationToken) => WriteAsync(desired, cancellationToken);

    Task IDomainHost.WriteIfChangedAsync(DtDomain desired, string reason, string message, CancellationToken cancellationToken) =>
        WriteIfChangedAsync(desired, reason, message, cancellationToken);

    Task IDomainHost.ApplyAsync(Membership membership, CancellationToken cancellationToken) => ApplyAsync(membership, cancellationToken);

    Task IDomainHost.ReconcileNowAsync(CancellationToken cancellationToken) => Reconcile(cancellationToken);

    void IDomainHost.ReconcileSoon() => ReconcileSoon();

    IDisposable IDomainHost.After(TimeSpan dueTime, Func<CancellationToken, Task> callback) =>
        this.RegisterGrainTimer(callback, dueTime, Timeout.InfiniteTimeSpan);

    IDisposable IDomainHost.Every(TimeSpan period, Func<CancellationToken, Task> callback) =>
        this.RegisterGrainTimer(callback, period, period);
}
