using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Node;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Domains;

/// <summary>
/// A dtDomain (DESIGN.md 2.3). On the creator: the invite token, answering joins under the invite policy, the member
/// list and its delivery to every member. On a member: the join itself, then the lists the creator pushes. On both:
/// the overlay and one dtPeer per other member follow the list, and deleting the object leaves or dissolves the domain.
/// The object is the state: the list lives in an annotation, so a restarted node finds it again.
/// </summary>
public sealed class DtDomainGrain(
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
    [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtDomain> domain) : Grain, IDtDomainGrain
{
    private static readonly TimeSpan JoinRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FederationCallTimeout = TimeSpan.FromSeconds(5);
    // Long enough for the answer to leave through the WireGuard peer (it is written at once; only a retransmission
    // would need the peer longer), short enough that the others see the leaver go at once.
    private static readonly TimeSpan LeaveGrace = TimeSpan.FromMilliseconds(300);

    /// <summary>How soon a domain that is Failed because no WireGuard backend works looks again (it recovers by itself).</summary>
    private static readonly TimeSpan WireGuardRecheck = TimeSpan.FromSeconds(5);

    private readonly Bytes32 _publicKey = Bytes32.FromBytes(Convert.FromBase64String(node.PublicKey));
    private MembershipPusher? _pusher;
    private IGrainTimer? _pushTimer;
    private IGrainTimer? _standingTimer;
    private IGrainTimer? _applyLater;
    private bool _leaverWaiting; // a leaver waits for its answer: the overlay keeps its peer until the grace is over
    private long _appliedVersion = -1; // the list whose overlay and dtPeers this activation has put in place
    private JoinRetryAfter? _retry; // when the creator could not be reached: which spec.peer, and when to try again

    private string Key => this.GetPrimaryKeyString();

    /// <summary>The registry of this domain's dtService networks (the creator's).</summary>
    private INetworkRegistryGrain Registry() => GrainFactory.GetGrain<INetworkRegistryGrain>(Key);

    private MembershipPusher Pusher => _pusher ??= new MembershipPusher(federation, node.Id, FederationCallTimeout, logger);

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
            ? await ReconcileMemberAsync(peer, cancellationToken)
            : await ReconcileCreatorAsync(cancellationToken);
    }

    public async Task<JoinAnswer> AnswerJoin(byte[] sealedRequest, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        var observed = domain.State;
        const string NoSuchDomain = "this node has no such domain ready to be joined (deleted, or the token is for another domain)";
        if (!domain.RecordExists || observed.Spec?.Peer is not null || observed.Metadata.DeletionTimestamp is not null ||
            !InviteToken.TryParse(observed.InviteToken, out var token, out _) || DomainAnnotations.ReadMembership(observed) is not { } membership)
        {
            return JoinAnswer.Refused(404, NoSuchDomain);
        }
        var opening = opener.Open(token, sealedRequest);
        if (opening.Request is not { } request || opening.SealReply is not { } sealReply)
        {
            return Refuse(opening.StatusCode, opening.Error ?? "the join request could not be opened", "?");
        }
        // Before the status: a creator Failed for want of WireGuard tells the joiner that (it retries), not "no such domain".
        if (await wireGuard.ProblemAsync(cancellationToken) is { } noWireGuard)
        {
            return await RefuseForOverlayAsync(observed, noWireGuard, request.Name, cancellationToken);
        }
        if (observed.Status != DtDomainStatus.Ready)
        {
            return JoinAnswer.Refused(404, NoSuchDomain);
        }
        var policy = InvitePolicy.FromAnnotations(observed.Metadata.Annotations, out var policyError);
        if (policyError is not null)
        {
            return Refuse(403, $"the domain's invite policy is not valid ({policyError}); ask its creator to fix it", request.Name);
        }
        if (request.OverlayNetworks?.Contains(membership.OverlayNetwork) == true && membership.Find(request.NodeId) is null)
        {
            return Refuse(409, $"the domain's overlay network {membership.OverlayNetwork} is taken on node {request.Name} by another domain it is in; " +
                "it cannot join this domain while it is in that one", request.Name);
        }
        int uses = DomainAnnotations.ReadUses(observed);
        var admitted = MembershipDecisions.Admit(membership, request, policy, uses, time.GetUtcNow());
        if (admitted.Membership is not { } next || admitted.Member is not { } member)
        {
            return Refuse(403, admitted.Reason!, request.Name);
        }
        if (await OverlayProblemAsync(next, cancellationToken) is { } overlayProblem)
        {
            return await RefuseForOverlayAsync(observed, overlayProblem, request.Name, cancellationToken);
        }
        if (next.Version != membership.Version || admitted.CountsAsUse)
        {
            var desired = DomainReconciler.WithMembership(observed, next, node.Id);
            desired = DomainAnnotations.With(desired, (DomainAnnotations.InviteUses, admitted.CountsAsUse ? (uses + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
            await WriteAsync(desired, cancellationToken);
            logger.LogInformation("dtDomain {Domain}: node {Name} ({NodeId}) joined at {Address}; {Count} members, list version {Version}",
                Key, member.Name, member.NodeId, member.OverlayAddress, next.Members.Count, next.Version);
            await events.RecordAsync(domain.State, EventKind.Normal, "MemberJoined", $"Node {member.Name} ({member.NodeId}) joined at {member.OverlayAddress}.", cancellationToken);
        }
        // The creator's side of the overlay is ready before the joiner hears it is in.
        await ApplyAsync(next, cancellationToken);
        return JoinAnswer.Admitted(sealReply(new JoinReply(next)));
    }

    private JoinAnswer Refuse(int status, string reason, string who)
    {
        logger.LogWarning("dtDomain {Domain}: refused a join from {Node}: {Reason}", Key, who, reason);
        return JoinAnswer.Refused(status, reason);
    }

    public async Task<StandingReply> Standing(string nodeId, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        var observed = domain.State;
        return !domain.RecordExists || observed.Spec?.Peer is not null || observed.Metadata.DeletionTimestamp is not null
            || DomainAnnotations.ReadMembership(observed) is not { } membership || membership.CreatorNodeId != node.Id
            ? new StandingReply(DomainExists: false, Member: false)
            : new StandingReply(DomainExists: true, Member: membership.Find(nodeId) is not null);
    }

    /// <summary>
    /// A member whose creator's dtPeer is disconnected asks the creator's gateway whether it is still in the domain: a
    /// removal or dissolution that happened while this node was down never reaches it over the overlay (the creator no
    /// longer has it as a WireGuard peer). Only the creator's sealed answer counts; no answer changes nothing.
    /// </summary>
    private async Task CheckStandingAsync(CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        var observed = domain.State;
        if (observed.Spec?.Peer?.Address is not { } address || observed.Status != DtDomainStatus.Ready || observed.Metadata.DeletionTimestamp is not null
            || DomainAnnotations.ReadMembership(observed) is not { } held || held.Find(node.Id) is null || held.Find(held.CreatorNodeId) is not { } creator
            || objects.Peers().FirstOrDefault(p => p.Metadata.Name == creator.NodeId)?.Connected != false)
        {
            return;
        }
        StandingReply? standing;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // Short: the question holds this grain's turn, and a creator that is down would hold it for the client's timeout.
            timeout.CancelAfter(FederationCallTimeout);
            try
            {
                standing = await joins.CheckStandingAsync(address, held.DomainUid, creator.PublicKey, node.Id, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
        if (standing is null || standing is { DomainExists: true, Member: true })
        {
            return;
        }
        // The list the creator would have pushed: without this node (removed), or without anyone (dissolved).
        var told = held with { Version = held.Version + 1, Members = standing.DomainExists ? [.. held.Members.Where(m => m.NodeId != node.Id)] : [] };
        await WriteAsync(DomainReconciler.AsMember(observed, told, node.Id), cancellationToken);
        logger.LogWarning("dtDomain {Domain}: the creator's gateway says {What} while this node could not hear it", Key,
            standing.DomainExists ? "this node was removed from the domain" : "the domain was dissolved");
        await events.RecordAsync(domain.State, EventKind.Warning, "Removed", domain.State.Message ?? "Removed from the domain.", cancellationToken);
        ReconcileSoon();
    }

    public async Task ApplyMembership(Membership membership, string fromNodeId, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        var observed = domain.State;
        if (!domain.RecordExists || observed.Spec?.Peer is null || DomainIdentity.DomainUidOf(observed) != membership.DomainUid)
        {
            throw new InvalidOperationException($"dtDomain {Key} is not a member of domain {membership.DomainUid}");
        }
        var held = DomainAnnotations.ReadMembership(observed);
        if (held?.DomainUid != membership.DomainUid)
        {
            held = null;
        }
        if (!MembershipDecisions.Supersedes(held, membership, fromNodeId))
        {
            return; // an older or repeated push, or not from the creator: nothing to do
        }
        await WriteAsync(DomainReconciler.AsMember(observed, membership, node.Id), cancellationToken);
        logger.LogInformation("dtDomain {Domain}: member list version {Version} from the creator, {Count} members ({Status})",
            Key, membership.Version, membership.Members.Count, domain.State.Status);
        // The overlay and dtPeers follow in a turn of their own: this call arrived over the overlay, and a removal
        // takes down the very listener that is serving it.
        ReconcileSoon();
    }

    public Task<string?> RemoveMember(string nodeId, CancellationToken cancellationToken) => RemoveAsync(nodeId, tellIt: true, cancellationToken);

    public Task<string?> MemberLeaves(string nodeId, CancellationToken cancellationToken) => RemoveAsync(nodeId, tellIt: false, cancellationToken);

    private async Task<string?> RemoveAsync(string nodeId, bool tellIt, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        var observed = domain.State;
        var membership = DomainAnnotations.ReadMembership(observed);
        if (!domain.RecordExists || observed.Spec?.Peer is not null || membership is null || membership.CreatorNodeId != node.Id)
        {
            var creator = membership?.CreatorNodeId ?? "the node that created the domain";
            return $"only the domain's creator ({creator}) can remove a member: delete the dtPeer there";
        }
        var next = MembershipDecisions.Remove(membership, nodeId);
        if (next.Version == membership.Version)
        {
            return null; // not a member (any more)
        }
        await WriteAsync(DomainReconciler.WithMembership(observed, next, node.Id), cancellationToken);
        // Its pods leave the networks with it; the registry writes the object too, so this grain reads it again.
        await Registry().MemberGone(nodeId, cancellationToken);
        await domain.ReadStateAsync(cancellationToken);
        var removed = membership.Find(nodeId)!;
        logger.LogInformation("dtDomain {Domain}: node {Name} ({NodeId}) {What}; {Count} members, list version {Version}",
            Key, removed.Name, nodeId, tellIt ? "removed" : "left", next.Members.Count, next.Version);
        await events.RecordAsync(domain.State, EventKind.Normal, tellIt ? "MemberRemoved" : "MemberLeft",
            $"Node {removed.Name} ({nodeId}) {(tellIt ? "was removed from" : "left")} the domain.", cancellationToken);
        if (!tellIt)
        {
            // The leaving node waits for the answer to this call, which travels through the WireGuard peer that
            // applying the list removes: the others hear now, the overlay follows a moment later.
            Pusher.Publish(next);
            _leaverWaiting = true;
            _applyLater?.Dispose();
            _applyLater = this.RegisterGrainTimer(ct =>
            {
                _leaverWaiting = false;
                return Reconcile(ct);
            }, LeaveGrace, Timeout.InfiniteTimeSpan);
            return null;
        }
        // The removed node hears it before its WireGuard peer goes; best effort, it may be gone already.
        await Pusher.PushAsync(next, nodeId, cancellationToken);
        await ApplyAsync(next, cancellationToken);
        return null;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _pushTimer?.Dispose();
        _standingTimer?.Dispose();
        _applyLater?.Dispose();
        return Task.CompletedTask;
    }

    private async Task<TimeSpan?> ReconcileCreatorAsync(CancellationToken cancellationToken)
    {
        var observed = domain.State;
        var desired = DomainReconciler.Desired(observed, node, uid => InviteToken.Issue(uid, node.Id, _publicKey));
        Membership? membership = null;
        if (desired.Status == DtDomainStatus.Ready)
        {
            var uid = Guid.Parse(observed.Metadata.Uid!);
            membership = DomainAnnotations.ReadMembership(observed) is { } held && held.DomainUid == uid && held.CreatorNodeId == node.Id
                ? held
                : NewMembership(uid);
            desired = DomainReconciler.WithMembership(desired, membership, node.Id);
            InvitePolicy.FromAnnotations(desired.Metadata.Annotations, out var policyError);
            if (policyError is not null)
            {
                desired = desired with { Message = $"Joins are refused until the invite policy is fixed: {policyError}." };
            }
            if (await wireGuard.ProblemAsync(cancellationToken) is { } noWireGuard)
            {
                // The token stays: it works as soon as the backend does, which the recheck notices.
                desired = desired with { Status = DtDomainStatus.Failed, Message = noWireGuard };
            }
        }
        bool newToken = desired.InviteToken is not null && desired.InviteToken != observed.InviteToken;
        bool rotated = newToken && observed.InviteToken is not null;
        bool newProblem = desired.Status == DtDomainStatus.Failed && desired.Message != observed.Message;
        if (!desired.SameAs(observed))
        {
            await WriteAsync(desired, cancellationToken);
            logger.LogInformation("dtDomain {Domain}: {Status}{Token}{Message}", Key, desired.Status,
                rotated ? ", invite token rotated" : newToken ? ", invite token issued" : "", desired.Message is null ? "" : $": {desired.Message}");
        }
        if (rotated)
        {
            await events.RecordAsync(desired, EventKind.Normal, "InviteTokenRotated", "Issued a new invite token; the previous one no longer admits anyone.", cancellationToken);
        }
        else if (newToken)
        {
            await events.RecordAsync(desired, EventKind.Normal, "InviteTokenIssued", "Issued an invite token for this domain; other nodes join with it.", cancellationToken);
        }
        bool wantsWireGuard = membership is not null && desired.Status == DtDomainStatus.Failed;
        if (newProblem)
        {
            await events.RecordAsync(desired, EventKind.Warning, wantsWireGuard ? "OverlayUnavailable" : "Invalid", desired.Message!, cancellationToken);
        }
        if (wantsWireGuard)
        {
            return WireGuardRecheck;
        }
        // The write above wakes the watcher, whose reconcile would drop a leaver's WireGuard peer before the answer
        // to its leave has gone through it; the grace timer applies the list instead.
        if (membership is not null && !_leaverWaiting)
        {
            await ApplyAsync(membership, cancellationToken);
            await Registry().Publish(cancellationToken);
        }
        return null;
    }

    private Membership NewMembership(Guid uid)
    {
        var network = OverlayAddressPool.ChooseNetwork(objects.Domains()
                .Select(DomainAnnotations.ReadMembership).OfType<Membership>().Where(m => m.DomainUid != uid).Select(m => m.OverlayNetwork), uid)
            ?? throw new InvalidOperationException("every /16 of 100.64.0.0/10 is used by a domain on this node");
        var endpoint = OverlayPorts.Endpoint(settings.PublicHost, NodeUdpPorts.Choose(settings.WireGuardPort, NodeUdpPorts.Taken(objects, node.Id, exceptDomain: uid)));
        return MembershipDecisions.Create(uid, new DomainMember(node.Id, node.Name, node.PublicKey, endpoint, ""), network);
    }

    private async Task<TimeSpan?> ReconcileMemberAsync(DtDomainPeer peer, CancellationToken cancellationToken)
    {
        var observed = domain.State;
        var validated = DomainReconciler.Desired(observed, node, uid => throw new InvalidOperationException("a member issues no token"));
        if (validated.Status == DtDomainStatus.Failed && DomainReconciler.JoinProblem(peer) is { } problem)
        {
            await WriteIfChangedAsync(validated, "JoinRefused", problem, cancellationToken);
            return null;
        }
        var token = InviteToken.Parse(peer.InviteToken!);
        if (DomainAnnotations.ReadMembership(observed) is { } held && held.DomainUid == token.DomainUid)
        {
            var desired = DomainReconciler.AsMember(validated, held, node.Id);
            if (!desired.SameAs(observed))
            {
                await WriteAsync(desired, cancellationToken);
            }
            await ApplyAsync(held, cancellationToken);
            return null;
        }
        if (DomainAnnotations.RefusedBefore(observed, peer))
        {
            return null; // the creator said no to exactly this; a new token or address tries again
        }
        if (_retry is { } retry && retry.Fingerprint == DomainAnnotations.Fingerprint(peer) && time.GetUtcNow() < retry.NotBefore)
        {
            return retry.NotBefore - time.GetUtcNow(); // woken early (by our own write's echo): keep the pace
        }
        if (await wireGuard.ProblemAsync(cancellationToken) is { } noWireGuard)
        {
            // Admitted, this node could not build the overlay: nothing is sent until it can.
            var message = $"Cannot join through {peer.Address!.Trim()}: {noWireGuard}; trying again every {WireGuardRecheck.TotalSeconds:0} s";
            await WriteIfChangedAsync(validated with { Status = DtDomainStatus.Failed, Message = message }, "OverlayUnavailable", message, cancellationToken);
            return WireGuardRecheck;
        }
        return await JoinAsync(validated, peer, token, cancellationToken);
    }

    private async Task<TimeSpan?> JoinAsync(DtDomain validated, DtDomainPeer peer, InviteToken token, CancellationToken cancellationToken)
    {
        var address = peer.Address!.Trim();
        if (validated.Status != DtDomainStatus.Joining)
        {
            await WriteAsync(validated with { Status = DtDomainStatus.Joining, Message = $"Joining domain {token.DomainUid} through {address}." }, cancellationToken);
        }
        var endpoint = OverlayPorts.Endpoint(settings.PublicHost,
            NodeUdpPorts.Choose(settings.WireGuardPort, NodeUdpPorts.Taken(objects, node.Id, exceptDomain: token.DomainUid)));
        logger.LogInformation("dtDomain {Domain}: joining domain {DomainUid} of node {Creator} through {Address}", Key, token.DomainUid, token.CreatorNodeId, address);
        var networks = objects.Domains().Select(DomainAnnotations.ReadMembership).OfType<Membership>()
            .Where(m => m.DomainUid != token.DomainUid && m.Find(node.Id) is not null).Select(m => m.OverlayNetwork).Distinct().ToList();
        var result = await joins.JoinAsync(address, token, new Interfaces.Federation.JoinRequest(node.Id, node.Name, node.PublicKey, endpoint, networks), cancellationToken);
        var joined = result.Membership;
        string? error = result.Error;
        if (joined is not null && (joined.DomainUid != token.DomainUid || joined.CreatorNodeId != token.CreatorNodeId ||
            joined.Find(node.Id)?.PublicKey != node.PublicKey))
        {
            (joined, error) = (null, "the creator's reply does not list this node in the token's domain");
        }
        if (joined is null)
        {
            var message = $"Cannot join through {address}: {error}{(result.Retryable ? $"; trying again every {JoinRetry.TotalSeconds:0} s" : ".")}";
            var failed = validated with { Status = DtDomainStatus.Failed, Message = message };
            if (!result.Retryable)
            {
                failed = DomainAnnotations.With(failed, (DomainAnnotations.JoinRefused, DomainAnnotations.Fingerprint(peer)));
            }
            await WriteIfChangedAsync(failed, "JoinFailed", message, cancellationToken);
            _retry = result.Retryable ? new JoinRetryAfter(DomainAnnotations.Fingerprint(peer), time.GetUtcNow() + JoinRetry) : null;
            return result.Retryable ? JoinRetry : null;
        }
        var member = DomainReconciler.AsMember(DomainAnnotations.With(domain.State, (DomainAnnotations.JoinRefused, null)), joined, node.Id);
        await WriteAsync(member, cancellationToken);
        var self = joined.Find(node.Id)!;
        logger.LogInformation("dtDomain {Domain}: joined domain {DomainUid} at {Address}; {Count} members", Key, joined.DomainUid, self.OverlayAddress, joined.Members.Count);
        // The members wait for this node's overlay; the event can wait for them.
        await ApplyAsync(joined, cancellationToken);
        await events.RecordAsync(domain.State, EventKind.Normal, "Joined", $"Joined the domain at overlay address {self.OverlayAddress} with {joined.Members.Count - 1} other member(s).", cancellationToken);
        return null;
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
                var dissolved = membership with { Version = membership.Version + 1, Members = [] };
                await Task.WhenAll(membership.Members.Where(m => m.NodeId != node.Id).Select(m => Pusher.PushAsync(dissolved, m.NodeId, cancellationToken)));
                logger.LogInformation("dtDomain {Domain}: dissolved; told {Count} members", Key, membership.Members.Count - 1);
            }
            else if (membership.Find(node.Id) is not null && membership.Find(membership.CreatorNodeId) is not null)
            {
                await LeaveAsync(membership, cancellationToken);
            }
            await TearDownAsync(membership, cancellationToken);
        }
        await WriteAsync(DomainAnnotations.WithFinalizer(domain.State, present: false), cancellationToken);
        _pushTimer?.Dispose();
        DeactivateOnIdle();
    }

    private async Task LeaveAsync(Membership membership, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FederationCallTimeout);
        try
        {
            await federation.LeaveAsync(membership.CreatorNodeId, membership.DomainUid, timeout.Token);
            logger.LogInformation("dtDomain {Domain}: left domain {DomainUid}", Key, membership.DomainUid);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The creator is unreachable: leave anyway; deleting this node's dtPeer there removes it for good.
            logger.LogWarning("dtDomain {Domain}: could not tell the creator {Creator} that this node leaves: {Reason}", Key, membership.CreatorNodeId, e.Message);
        }
    }

    /// <summary>
    /// Null when this node can build the overlay <paramref name="membership"/> needs (it builds it), else why not.
    /// Asked before a join is recorded, so a node that cannot make WireGuard interfaces admits nobody half-way.
    /// </summary>
    private async Task<string?> OverlayProblemAsync(Membership membership, CancellationToken cancellationToken)
    {
        if (membership.Find(node.Id) is not { } self)
        {
            return null;
        }
        try
        {
            await overlay.EnsureAsync(new OverlayConfig(membership.DomainUid, membership.OverlayNetwork, self,
                [.. membership.Members.Where(m => m.NodeId != node.Id)]), cancellationToken);
            return null;
        }
        catch (OverlayUnavailableException e)
        {
            return e.Message;
        }
    }

    /// <summary>Nothing is written: the joiner is told why (503, it tries again later) and the creator's owner sees it.</summary>
    private async Task<JoinAnswer> RefuseForOverlayAsync(DtDomain observed, string problem, string joiner, CancellationToken cancellationToken)
    {
        await events.RecordAsync(observed, EventKind.Warning, "OverlayUnavailable", $"Node {joiner} cannot join: {problem}", cancellationToken);
        return Refuse(503, problem, joiner);
    }

    /// <summary>Puts the overlay and the dtPeers in line with <paramref name="membership"/>, once per list version.</summary>
    private async Task ApplyAsync(Membership membership, CancellationToken cancellationToken)
    {
        var self = membership.Find(node.Id);
        if (self is null || membership.Find(membership.CreatorNodeId) is null)
        {
            await TearDownAsync(membership, cancellationToken);
            return;
        }
        var others = membership.Members.Where(m => m.NodeId != node.Id).ToList();
        if (membership.Version != _appliedVersion)
        {
            // A domain with no other member needs no interface (and a lone node no CAP_NET_ADMIN); one that had
            // members may have an interface to take down.
            if (others.Count == 0)
            {
                if (membership.Version > 1)
                {
                    await overlay.RemoveAsync(membership.DomainUid, cancellationToken);
                }
            }
            else
            {
                await overlay.EnsureAsync(new OverlayConfig(membership.DomainUid, membership.OverlayNetwork, self, others), cancellationToken);
            }
            await SyncPeersAsync(membership.DomainUid, others, cancellationToken);
            _appliedVersion = membership.Version;
            await TellAppsAsync(cancellationToken);
            TellServices();
        }
        if (membership.CreatorNodeId != node.Id)
        {
            _standingTimer ??= this.RegisterGrainTimer(CheckStandingAsync, settings.StandingCheckInterval, settings.StandingCheckInterval);
        }
        else
        {
            Pusher.Publish(membership);
            _pushTimer ??= this.RegisterGrainTimer(_ =>
            {
                Pusher.PushPending();
                return Task.CompletedTask;
            }, settings.PushRetryInterval, settings.PushRetryInterval);
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
        await TellAppsAsync(cancellationToken);
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
            var grain = GrainFactory.GetGrain<IDtServiceGrain>($"{ns}/{service.Metadata.Name}");
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

    /// <summary>The node's apps follow the member list: new members get them, replicas from members that left go.</summary>
    private async Task TellAppsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GrainFactory.GetGrain<IAppCatalogGrain>(domain.State.Metadata.Namespace!).Refresh(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The domain is in place; apps catch up at the catalog's next refresh.
            logger.LogWarning("dtDomain {Domain}: the node's apps did not follow the member list yet: {Reason}", Key, e.Message);
        }
    }

    private async Task SyncPeersAsync(Guid domainUid, IReadOnlyList<DomainMember> others, CancellationToken cancellationToken)
    {
        var (ns, name) = (domain.State.Metadata.Namespace, domain.State.Metadata.Name!);
        var wanted = others.Select(m => m.NodeId).ToHashSet(StringComparer.Ordinal);
        foreach (var member in others)
        {
            await GrainFactory.GetGrain<IDtPeerGrain>($"{ns}/{member.NodeId}").Track(new PeerAssignment(name, domainUid, member), cancellationToken);
        }
        foreach (var stale in objects.Peers().Where(p => p.DtDomain == name && p.Metadata.Name is { } id && !wanted.Contains(id)))
        {
            await GrainFactory.GetGrain<IDtPeerGrain>($"{ns}/{stale.Metadata.Name}").Forget(cancellationToken);
        }
    }

    private void ReconcileSoon()
    {
        var self = GrainFactory.GetGrain<IDtDomainGrain>(Key);
        _ = Task.Run(async () =>
        {
            try
            {
                await self.Reconcile(CancellationToken.None);
            }
            catch (Exception e)
            {
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

    private sealed record JoinRetryAfter(string Fingerprint, DateTimeOffset NotBefore);
}
