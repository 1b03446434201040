using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
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
/// the object, the overlay following the list, the node's dtPeers, apps and dtServices told of it (through
/// <see cref="DomainFanOut"/>), and deleting the object (a member leaves, the creator dissolves the domain).
/// </summary>
public sealed class DtDomainGrain : Grain, IDtDomainGrain, IDtDomainActivation
{
    private readonly NodeDescription node;
    private readonly IOverlayNetwork overlay;
    private readonly ILocalObjects objects;
    private readonly ILogger<DtDomainGrain> logger;
    private readonly IEventRecorder events;
    private readonly IPersistentState<DtDomain> domain;
    private readonly IObjectWriter writer;
    private readonly CreatorRole _creator;
    private readonly MemberRole _member;
    private long _appliedVersion = -1; // the list whose overlay and dtPeers this activation has put in place
    private DomainFanOut? _fanOut;

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
        IObjectWriter writer,
        [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtDomain> domain)
    {
        (this.node, this.overlay, this.objects, this.logger, this.events, this.domain, this.writer) = (node, overlay, objects, logger, events, domain, writer);
        _creator = new CreatorRole(this, node, settings, events, overlay, wireGuard, opener, federation, objects, time, logger);
        _member = new MemberRole(this, node, settings, events, wireGuard, joins, federation, objects, time, logger);
    }

    private string Key => this.GetPrimaryKeyString();

    private DomainFanOut FanOut => _fanOut ??= new DomainFanOut(GrainFactory, objects, ObjectKey.Parse(Key), logger);

    public Task<DtDomain?> Get() => Task.FromResult(objects.Find<DtDomain>(this.GetPrimaryKeyString()));

    public Task<ObjectWrite<DtDomain>> Apply(DtDomain desired, CancellationToken cancellationToken) =>
        UserWrites.ApplyAsync(writer, Key, desired, objects.Find<DtDomain>(Key), (domain, user) => domain with { Spec = user.Spec }, cancellationToken);

    public Task<ObjectWrite<DtDomain>> Delete(CancellationToken cancellationToken) =>
        UserWrites.DeleteAsync<DtDomain>(writer, Key, cancellationToken);

    public async Task<TimeSpan?> Reconcile(CancellationToken cancellationToken)
    {
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

    public async Task ApplyMembership(MemberList memberList, string fromNodeId, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        await _member.ApplyMembershipAsync(memberList, fromNodeId, cancellationToken);
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
        if (DomainAnnotations.ReadMemberList(observed) is { } memberList)
        {
            if (memberList.CreatorNodeId == node.Id && observed.Spec?.Peer is null)
            {
                await _creator.DissolveAsync(memberList, cancellationToken);
            }
            else if (memberList.Find(node.Id) is not null && memberList.Find(memberList.CreatorNodeId) is not null)
            {
                await _member.LeaveAsync(memberList, cancellationToken);
            }
            await TearDownAsync(memberList, cancellationToken);
        }
        await WriteAsync(DomainAnnotations.WithFinalizer(domain.State, present: false), cancellationToken);
        _creator.Stop();
        DeactivateOnIdle();
    }

    /// <summary>Puts the overlay and the dtPeers in line with <paramref name="memberList"/> (the dtPeers once per list version).</summary>
    private async Task ApplyAsync(MemberList memberList, CancellationToken cancellationToken)
    {
        var self = memberList.Find(node.Id);
        if (self is null || memberList.Find(memberList.CreatorNodeId) is null)
        {
            await TearDownAsync(memberList, cancellationToken);
            return;
        }
        var others = memberList.Members.Where(m => m.NodeId != node.Id).ToList();
        // Every time, not once per list version: the overlay is the host's, and on a node of several silos the host
        // changes under a live activation when the Lease moves (ensuring what is in place is cheap).
        if (others.Count > 0)
        {
            await overlay.EnsureAsync(new OverlayConfig(memberList.DomainUid, memberList.OverlayNetwork, self, others), cancellationToken);
        }
        // The members hear of the list as soon as the overlay reaches them: their dtPeers and catalogs follow it on
        // their side, and this node's own dtPeers and catalogs need not be in place first.
        if (memberList.CreatorNodeId == node.Id)
        {
            _creator.Deliver(memberList);
        }
        if (memberList.Version != _appliedVersion)
        {
            // A domain with no other member needs no interface (and a lone node no CAP_NET_ADMIN); one that had
            // members may have an interface to take down.
            if (others.Count == 0 && memberList.Version > 1)
            {
                await overlay.RemoveAsync(memberList.DomainUid, cancellationToken);
            }
            await FanOut.SyncPeersAsync(memberList.DomainUid, others, cancellationToken);
            _appliedVersion = memberList.Version;
            FanOut.TellCatalogsSoon();
            FanOut.TellServices();
        }
        if (memberList.CreatorNodeId != node.Id)
        {
            _member.Follow();
        }
    }

    private async Task TearDownAsync(MemberList memberList, CancellationToken cancellationToken)
    {
        // Version 1 is the creator alone: there never was an interface (nor, perhaps, the rights to look for one).
        if (memberList.Version > 1)
        {
            await overlay.RemoveAsync(memberList.DomainUid, cancellationToken);
        }
        await FanOut.SyncPeersAsync(memberList.DomainUid, [], cancellationToken);
        _appliedVersion = -1;
        await FanOut.TellCatalogsAsync(cancellationToken);
        FanOut.TellServices();
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

    string IDtDomainActivation.Key => Key;

    DtDomain IDtDomainActivation.State => domain.State;

    bool IDtDomainActivation.Exists => domain.RecordExists;

    IGrainFactory IDtDomainActivation.Grains => GrainFactory;

    Task IDtDomainActivation.ReadAsync(CancellationToken cancellationToken) => domain.ReadStateAsync(cancellationToken);

    Task IDtDomainActivation.WriteAsync(DtDomain desired, CancellationToken cancellationToken) => WriteAsync(desired, cancellationToken);

    Task IDtDomainActivation.WriteIfChangedAsync(DtDomain desired, string reason, string message, CancellationToken cancellationToken) =>
        WriteIfChangedAsync(desired, reason, message, cancellationToken);

    Task IDtDomainActivation.ApplyAsync(MemberList memberList, CancellationToken cancellationToken) => ApplyAsync(memberList, cancellationToken);

    Task IDtDomainActivation.ReconcileNowAsync(CancellationToken cancellationToken) => Reconcile(cancellationToken);

    void IDtDomainActivation.ReconcileSoon() => FanOut.ReconcileSoon();

    IDisposable IDtDomainActivation.After(TimeSpan dueTime, Func<CancellationToken, Task> callback) =>
        this.RegisterGrainTimer(callback, dueTime, Timeout.InfiniteTimeSpan);

    IDisposable IDtDomainActivation.Every(TimeSpan period, Func<CancellationToken, Task> callback) =>
        this.RegisterGrainTimer(callback, period, period);
}
