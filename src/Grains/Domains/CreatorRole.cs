using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;

namespace Dtaas.Grains.Domains;

/// <summary>
/// The dtDomain on the node that created the domain (DESIGN.md 2.3): issues the invite token, answers joins under the
/// invite policy, keeps the member list (removals, leavers, standing questions) and delivers it to every member, and
/// tells the members when the domain is dissolved.
/// </summary>
internal sealed class CreatorRole(
    IDtDomainActivation grain,
    NodeDescription node,
    FederationSettings settings,
    IEventRecorder events,
    IOverlayNetwork overlay,
    IWireGuardSupport wireGuard,
    IJoinOpener opener,
    IFederationClient federation,
    ILocalObjects objects,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Long enough for a leaver's answer to leave through its WireGuard peer (written at once; only a
    /// retransmission would need the peer longer), short enough that the others see the leaver go at once.</summary>
    private static readonly TimeSpan LeaveGrace = TimeSpan.FromMilliseconds(300);

    private readonly Bytes32 _publicKey = Bytes32.FromBytes(Convert.FromBase64String(node.PublicKey));
    private readonly MemberListPusher _pusher = new(federation, node.Id, DomainTimings.FederationCallTimeout, logger);
    private IDisposable? _pushTimer;
    private IDisposable? _applyLater;
    private bool _leaverWaiting; // a leaver waits for its answer: the overlay keeps its peer until the grace is over

    private string Key => grain.Key;

    /// <summary>The registry of this domain's dtService networks.</summary>
    private INetworkRegistryGrain Registry() => grain.Grains.GetGrain<INetworkRegistryGrain>(Key);

    /// <summary>The token, the list, and the overlay that follows it; how soon to look again, if at all.</summary>
    public async Task<TimeSpan?> ReconcileAsync(CancellationToken cancellationToken)
    {
        var observed = grain.State;
        var desired = DomainReconciler.Desired(observed, node, uid => InviteToken.Issue(uid, node.Id, _publicKey));
        MemberList? memberList = null;
        if (desired.Status == DtDomainStatus.Ready)
        {
            var uid = Guid.Parse(observed.Metadata.Uid!);
            memberList = DomainAnnotations.ReadMemberList(observed) is { } held && held.DomainUid == uid && held.CreatorNodeId == node.Id
                ? held
                : NewMemberList(uid);
            desired = DomainReconciler.WithMemberList(desired, memberList, node.Id);
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
            await grain.WriteAsync(desired, cancellationToken);
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
        bool wantsWireGuard = memberList is not null && desired.Status == DtDomainStatus.Failed;
        if (newProblem)
        {
            await events.RecordAsync(desired, EventKind.Warning, wantsWireGuard ? "OverlayUnavailable" : "Invalid", desired.Message!, cancellationToken);
        }
        if (wantsWireGuard)
        {
            return DomainTimings.WireGuardRecheck;
        }
        // The write above wakes the watcher, whose reconcile would drop a leaver's WireGuard peer before the answer
        // to its leave has gone through it; the grace timer applies the list instead.
        if (memberList is not null && !_leaverWaiting)
        {
            await grain.ApplyAsync(memberList, cancellationToken);
            await Registry().Publish(cancellationToken);
        }
        return null;
    }

    public async Task<JoinAnswer> AnswerJoinAsync(byte[] sealedRequest, CancellationToken cancellationToken)
    {
        var observed = grain.State;
        const string NoSuchDomain = "this node has no such domain ready to be joined (deleted, or the token is for another domain)";
        if (!grain.Exists || observed.Spec?.Peer is not null || observed.Metadata.DeletionTimestamp is not null ||
            !InviteToken.TryParse(observed.InviteToken, out var token, out _) || DomainAnnotations.ReadMemberList(observed) is not { } memberList)
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
        if (request.OverlayNetworks?.Contains(memberList.OverlayNetwork) == true && memberList.Find(request.NodeId) is null)
        {
            return Refuse(409, $"the domain's overlay network {memberList.OverlayNetwork} is taken on node {request.Name} by another domain it is in; " +
                "it cannot join this domain while it is in that one", request.Name);
        }
        int uses = DomainAnnotations.ReadUses(observed);
        var admitted = MemberListDecisions.Admit(memberList, request, policy, uses, time.GetUtcNow());
        if (admitted.MemberList is not { } next || admitted.Member is not { } member)
        {
            return Refuse(403, admitted.Reason!, request.Name);
        }
        if (await BuildOverlayOrSayWhyNotAsync(next, cancellationToken) is { } overlayProblem)
        {
            return await RefuseForOverlayAsync(observed, overlayProblem, request.Name, cancellationToken);
        }
        if (next.Version != memberList.Version || admitted.CountsAsUse)
        {
            var desired = DomainReconciler.WithMemberList(observed, next, node.Id);
            desired = DomainAnnotations.With(desired, (DomainAnnotations.InviteUses, admitted.CountsAsUse ? (uses + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
            await grain.WriteAsync(desired, cancellationToken);
            logger.LogInformation("dtDomain {Domain}: node {Name} ({NodeId}) joined at {Address}; {Count} members, list version {Version}",
                Key, member.Name, member.NodeId, member.OverlayAddress, next.Members.Count, next.Version);
            await events.RecordAsync(grain.State, EventKind.Normal, "MemberJoined", $"Node {member.Name} ({member.NodeId}) joined at {member.OverlayAddress}.", cancellationToken);
        }
        // The creator's side of the overlay is ready before the joiner hears it is in.
        await grain.ApplyAsync(next, cancellationToken);
        return JoinAnswer.Admitted(sealReply(new JoinReply(next)));
    }

    /// <summary>Whether this creator's domain exists and lists <paramref name="nodeId"/>.</summary>
    public StandingReply Standing(string nodeId)
    {
        var observed = grain.State;
        return !grain.Exists || observed.Spec?.Peer is not null || observed.Metadata.DeletionTimestamp is not null
            || DomainAnnotations.ReadMemberList(observed) is not { } memberList || memberList.CreatorNodeId != node.Id
            ? new StandingReply(DomainExists: false, Member: false)
            : new StandingReply(DomainExists: true, Member: memberList.Find(nodeId) is not null);
    }

    /// <summary>
    /// Takes <paramref name="nodeId"/> off the list: a removal (its dtPeer deleted here; the node is told) or a
    /// leaver (it asked; it waits for the answer). Null when done or nothing to do, else why this node cannot.
    /// </summary>
    public async Task<string?> RemoveAsync(string nodeId, bool tellIt, CancellationToken cancellationToken)
    {
        var observed = grain.State;
        var memberList = DomainAnnotations.ReadMemberList(observed);
        if (!grain.Exists || observed.Spec?.Peer is not null || memberList is null || memberList.CreatorNodeId != node.Id)
        {
            var creator = memberList?.CreatorNodeId ?? "the node that created the domain";
            return $"only the domain's creator ({creator}) can remove a member: delete the dtPeer there";
        }
        var next = MemberListDecisions.Remove(memberList, nodeId);
        if (next.Version == memberList.Version)
        {
            return null; // not a member (any more)
        }
        await grain.WriteAsync(DomainReconciler.WithMemberList(observed, next, node.Id), cancellationToken);
        // Its pods leave the networks with it; the registry writes the object too, so this grain reads it again.
        await Registry().MemberGone(nodeId, cancellationToken);
        await grain.ReadAsync(cancellationToken);
        var removed = memberList.Find(nodeId)!;
        logger.LogInformation("dtDomain {Domain}: node {Name} ({NodeId}) {What}; {Count} members, list version {Version}",
            Key, removed.Name, nodeId, tellIt ? "removed" : "left", next.Members.Count, next.Version);
        await events.RecordAsync(grain.State, EventKind.Normal, tellIt ? "MemberRemoved" : "MemberLeft",
            $"Node {removed.Name} ({nodeId}) {(tellIt ? "was removed from" : "left")} the domain.", cancellationToken);
        if (!tellIt)
        {
            // The leaving node waits for the answer to this call, which travels through the WireGuard peer that
            // applying the list removes: the others hear now, the overlay follows a moment later.
            _pusher.Publish(next);
            _leaverWaiting = true;
            _applyLater?.Dispose();
            _applyLater = grain.After(LeaveGrace, ct =>
            {
                _leaverWaiting = false;
                return grain.ReconcileNowAsync(ct);
            });
            return null;
        }
        // The others hear at once; the removed node hears it before its WireGuard peer goes (best effort, it may be
        // gone already, and then this waits for the call timeout: the others must not wait with it).
        _pusher.Publish(next);
        await _pusher.PushAsync(next, nodeId, cancellationToken);
        await grain.ApplyAsync(next, cancellationToken);
        return null;
    }

    /// <summary>The list applied: deliver it to every member, and keep delivering until each has it.</summary>
    public void Deliver(MemberList memberList)
    {
        _pusher.Publish(memberList);
        _pushTimer ??= grain.Every(settings.PushRetryInterval, _ =>
        {
            _pusher.PushPending();
            return Task.CompletedTask;
        });
    }

    /// <summary>The object is being deleted: every member hears that the domain is gone.</summary>
    public async Task DissolveAsync(MemberList memberList, CancellationToken cancellationToken)
    {
        var dissolved = memberList with { Version = memberList.Version + 1, Members = [] };
        await Task.WhenAll(memberList.Members.Where(m => m.NodeId != node.Id).Select(m => _pusher.PushAsync(dissolved, m.NodeId, cancellationToken)));
        logger.LogInformation("dtDomain {Domain}: dissolved; told {Count} members", Key, memberList.Members.Count - 1);
    }

    /// <summary>Timers go with the activation.</summary>
    public void Stop()
    {
        _pushTimer?.Dispose();
        _applyLater?.Dispose();
    }

    private MemberList NewMemberList(Guid uid)
    {
        var network = OverlayAddressPool.ChooseNetwork(objects.Domains()
                .Select(DomainAnnotations.ReadMemberList).OfType<MemberList>().Where(m => m.DomainUid != uid).Select(m => m.OverlayNetwork), uid)
            ?? throw new InvalidOperationException("every /16 of 100.64.0.0/10 is used by a domain on this node");
        var endpoint = OverlayEndpoint.Endpoint(settings.PublicHost, NodeUdpPorts.Choose(settings.WireGuardPort, NodeUdpPorts.Taken(objects, node.Id, exceptDomain: uid)));
        return MemberListDecisions.Create(uid, new DomainMember(node.Id, node.Name, node.PublicKey, endpoint, ""), network);
    }

    /// <summary>
    /// Builds the overlay <paramref name="memberList"/> needs on this node: null when built, else why it cannot be.
    /// Asked before a join is recorded, so a node that cannot make WireGuard interfaces admits nobody half-way.
    /// </summary>
    private async Task<string?> BuildOverlayOrSayWhyNotAsync(MemberList memberList, CancellationToken cancellationToken)
    {
        if (memberList.Find(node.Id) is not { } self)
        {
            return null;
        }
        try
        {
            await overlay.EnsureAsync(new OverlayConfig(memberList.DomainUid, memberList.OverlayNetwork, self,
                [.. memberList.Members.Where(m => m.NodeId != node.Id)]), cancellationToken);
            return null;
        }
        catch (OverlayUnavailableException e)
        {
            return e.Message;
        }
    }

    private JoinAnswer Refuse(int status, string reason, string who)
    {
        logger.LogWarning("dtDomain {Domain}: refused a join from {Node}: {Reason}", Key, who, reason);
        return JoinAnswer.Refused(status, reason);
    }

    /// <summary>Nothing is written: the joiner is told why (503, it tries again later) and the creator's owner sees it.</summary>
    private async Task<JoinAnswer> RefuseForOverlayAsync(DtDomain observed, string problem, string joiner, CancellationToken cancellationToken)
    {
        await events.RecordAsync(observed, EventKind.Warning, "OverlayUnavailable", $"Node {joiner} cannot join: {problem}", cancellationToken);
        return Refuse(503, problem, joiner);
    }
}
