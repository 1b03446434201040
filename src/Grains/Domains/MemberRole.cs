using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;

namespace Dtaas.Grains.Domains;

/// <summary>
/// The dtDomain on a node that joins another's domain (DESIGN.md 2.3): the join itself (retried while the creator
/// cannot be reached, remembered when refused), the lists the creator pushes, the standing question when the creator
/// cannot be heard, and telling the creator when this node leaves.
/// </summary>
internal sealed class MemberRole(
    IDtDomainActivation grain,
    NodeDescription node,
    FederationSettings settings,
    IEventRecorder events,
    IWireGuardSupport wireGuard,
    IJoinTransport joins,
    IFederationClient federation,
    ILocalObjects objects,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan JoinRetry = TimeSpan.FromSeconds(10);

    private JoinRetryAfter? _retry; // when the creator could not be reached: which spec.peer, and when to try again
    private IDisposable? _standingTimer;

    private string Key => grain.Key;

    /// <summary>Joins through <paramref name="peer"/>, or follows the list held; how soon to look again, if at all.</summary>
    public async Task<TimeSpan?> ReconcileAsync(DtDomainPeer peer, CancellationToken cancellationToken)
    {
        var observed = grain.State;
        var validated = DomainReconciler.Desired(observed, node, uid => throw new InvalidOperationException("a member issues no token"));
        if (validated.Status == DtDomainStatus.Failed && DomainReconciler.JoinProblem(peer) is { } problem)
        {
            await grain.WriteIfChangedAsync(validated, "JoinRefused", problem, cancellationToken);
            return null;
        }
        var token = InviteToken.Parse(peer.InviteToken!);
        if (DomainAnnotations.ReadMemberList(observed) is { } held && held.DomainUid == token.DomainUid)
        {
            var desired = DomainReconciler.AsMember(validated, held, node.Id);
            if (!desired.SameAs(observed))
            {
                await grain.WriteAsync(desired, cancellationToken);
            }
            await grain.ApplyAsync(held, cancellationToken);
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
            var message = $"Cannot join through {peer.Address!.Trim()}: {noWireGuard}; trying again every {DomainTimings.WireGuardRecheck.TotalSeconds:0} s";
            await grain.WriteIfChangedAsync(validated with { Status = DtDomainStatus.Failed, Message = message }, "OverlayUnavailable", message, cancellationToken);
            return DomainTimings.WireGuardRecheck;
        }
        return await JoinAsync(validated, peer, token, cancellationToken);
    }

    /// <summary>A list the creator pushed: applied if it is newer than the one held and really from the creator.</summary>
    public async Task ApplyMembershipAsync(MemberList memberList, string fromNodeId, CancellationToken cancellationToken)
    {
        var observed = grain.State;
        if (!grain.Exists || observed.Spec?.Peer is null || DomainIdentity.DomainUidOf(observed) != memberList.DomainUid)
        {
            throw new InvalidOperationException($"dtDomain {Key} is not a member of domain {memberList.DomainUid}");
        }
        var held = DomainAnnotations.ReadMemberList(observed);
        if (held?.DomainUid != memberList.DomainUid)
        {
            held = null;
        }
        if (!MemberListDecisions.Supersedes(held, memberList, fromNodeId))
        {
            return; // an older or repeated push, or not from the creator: nothing to do
        }
        await grain.WriteAsync(DomainReconciler.AsMember(observed, memberList, node.Id), cancellationToken);
        logger.LogInformation("dtDomain {Domain}: member list version {Version} from the creator, {Count} members ({Status})",
            Key, memberList.Version, memberList.Members.Count, grain.State.Status);
        // The overlay and dtPeers follow in a turn of their own: this call arrived over the overlay, and a removal
        // takes down the very listener that is serving it.
        grain.ReconcileSoon();
    }

    /// <summary>The list applied: from now on, ask the creator's gateway about this node's standing when it cannot be heard.</summary>
    public void Follow() => _standingTimer ??= grain.Every(settings.StandingCheckInterval, CheckStandingAsync);

    /// <summary>The object is being deleted: the creator hears that this node leaves (best effort).</summary>
    public async Task LeaveAsync(MemberList memberList, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DomainTimings.FederationCallTimeout);
        try
        {
            await federation.LeaveAsync(memberList.CreatorNodeId, memberList.DomainUid, timeout.Token);
            logger.LogInformation("dtDomain {Domain}: left domain {DomainUid}", Key, memberList.DomainUid);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The creator is unreachable: leave anyway; deleting this node's dtPeer there removes it for good.
            logger.LogWarning("dtDomain {Domain}: could not tell the creator {Creator} that this node leaves: {Reason}", Key, memberList.CreatorNodeId, e.Message);
        }
    }

    /// <summary>Timers go with the activation.</summary>
    public void Stop() => _standingTimer?.Dispose();

    private async Task<TimeSpan?> JoinAsync(DtDomain validated, DtDomainPeer peer, InviteToken token, CancellationToken cancellationToken)
    {
        var address = peer.Address!.Trim();
        if (validated.Status != DtDomainStatus.Joining)
        {
            await grain.WriteAsync(validated with { Status = DtDomainStatus.Joining, Message = $"Joining domain {token.DomainUid} through {address}." }, cancellationToken);
        }
        var endpoint = OverlayEndpoint.Endpoint(settings.PublicHost,
            NodeUdpPorts.Choose(settings.WireGuardPort, NodeUdpPorts.Taken(objects, node.Id, exceptDomain: token.DomainUid)));
        logger.LogInformation("dtDomain {Domain}: joining domain {DomainUid} of node {Creator} through {Address}", Key, token.DomainUid, token.CreatorNodeId, address);
        var networks = objects.Domains().Select(DomainAnnotations.ReadMemberList).OfType<MemberList>()
            .Where(m => m.DomainUid != token.DomainUid && m.Find(node.Id) is not null).Select(m => m.OverlayNetwork).Distinct().ToList();
        var result = await joins.JoinAsync(address, token, new JoinRequest(node.Id, node.Name, node.PublicKey, endpoint, networks), cancellationToken);
        var joined = result.MemberList;
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
            await grain.WriteIfChangedAsync(failed, "JoinFailed", message, cancellationToken);
            _retry = result.Retryable ? new JoinRetryAfter(DomainAnnotations.Fingerprint(peer), time.GetUtcNow() + JoinRetry) : null;
            return result.Retryable ? JoinRetry : null;
        }
        var member = DomainReconciler.AsMember(DomainAnnotations.With(grain.State, (DomainAnnotations.JoinRefused, null)), joined, node.Id);
        await grain.WriteAsync(member, cancellationToken);
        var self = joined.Find(node.Id)!;
        logger.LogInformation("dtDomain {Domain}: joined domain {DomainUid} at {Address}; {Count} members", Key, joined.DomainUid, self.OverlayAddress, joined.Members.Count);
        // The members wait for this node's overlay; the event can wait for them.
        await grain.ApplyAsync(joined, cancellationToken);
        await events.RecordAsync(grain.State, EventKind.Normal, "Joined", $"Joined the domain at overlay address {self.OverlayAddress} with {joined.Members.Count - 1} other member(s).", cancellationToken);
        return null;
    }

    /// <summary>
    /// A member whose creator's dtPeer is disconnected asks the creator's gateway whether it is still in the domain: a
    /// removal or dissolution that happened while this node was down never reaches it over the overlay (the creator no
    /// longer has it as a WireGuard peer). Only the creator's sealed answer counts; no answer changes nothing.
    /// </summary>
    private async Task CheckStandingAsync(CancellationToken cancellationToken)
    {
        await grain.ReadAsync(cancellationToken);
        var observed = grain.State;
        if (observed.Spec?.Peer?.Address is not { } address || observed.Status != DtDomainStatus.Ready || observed.Metadata.DeletionTimestamp is not null
            || DomainAnnotations.ReadMemberList(observed) is not { } held || held.Find(node.Id) is null || held.Find(held.CreatorNodeId) is not { } creator
            || objects.Peers().FirstOrDefault(p => p.Metadata.Name == creator.NodeId)?.Connected != false)
        {
            return;
        }
        StandingReply? standing;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // Short: the question holds this grain's turn, and a creator that is down would hold it for the client's timeout.
            timeout.CancelAfter(DomainTimings.FederationCallTimeout);
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
        await grain.WriteAsync(DomainReconciler.AsMember(observed, told, node.Id), cancellationToken);
        logger.LogWarning("dtDomain {Domain}: the creator's gateway says {What} while this node could not hear it", Key,
            standing.DomainExists ? "this node was removed from the domain" : "the domain was dissolved");
        await events.RecordAsync(grain.State, EventKind.Warning, "Removed", grain.State.Message ?? "Removed from the domain.", cancellationToken);
        grain.ReconcileSoon();
    }

    private sealed record JoinRetryAfter(string Fingerprint, DateTimeOffset NotBefore);
}
