using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;

namespace Dtaas.Grains.Domains;

/// <summary>
/// The creator's delivery of its member list: each member gets the latest list, one push in flight per member and off
/// the domain grain's turn (a member that is down or slow must hold up neither joins nor the other members, and a
/// member's answer may itself call the creator). Members apply lists idempotently, so pushing twice is harmless; a
/// failed push is retried by <see cref="PushPending"/>, which the domain grain calls from a timer.
/// </summary>
public sealed class MemberListPusher
{
    private readonly IFederationClient _federation;
    private readonly string _creatorNodeId;
    private readonly TimeSpan _callTimeout;
    private readonly ILogger _logger;
    private readonly LatestValuePusher<string, MemberList> _pusher;
    private MemberList? _latest;

    public MemberListPusher(IFederationClient federation, string creatorNodeId, TimeSpan callTimeout, ILogger logger)
    {
        (_federation, _creatorNodeId, _callTimeout, _logger) = (federation, creatorNodeId, callTimeout, logger);
        _pusher = new LatestValuePusher<string, MemberList>(
            (nodeId, membership, ct) => federation.ApplyMembershipAsync(nodeId, membership.DomainUid, membership, ct),
            (wanted, delivered) => delivered is not null && delivered.DomainUid == wanted.DomainUid && delivered.Version >= wanted.Version,
            (nodeId, membership) => $"Domain {membership.DomainUid}: version {membership.Version} of the member list for member {nodeId}",
            callTimeout, logger);
    }

    /// <summary>Makes <paramref name="membership"/> the list to deliver, unless a newer one is, and starts delivering it.</summary>
    public void Publish(MemberList membership)
    {
        if (_latest is not null && membership.Version < _latest.Version)
        {
            return;
        }
        _latest = membership;
        _pusher.Want(membership.Members.Where(m => m.NodeId != _creatorNodeId).ToDictionary(m => m.NodeId, _ => membership, StringComparer.Ordinal));
    }

    /// <summary>Pushes again to the members that have not taken the latest list.</summary>
    public void PushPending() => _pusher.PushPending();

    /// <summary>Pushes <paramref name="membership"/> to one node and waits for it (dissolving, or telling a removed node).</summary>
    public async Task<bool> PushAsync(MemberList membership, string nodeId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_callTimeout);
        try
        {
            await _federation.ApplyMembershipAsync(nodeId, membership.DomainUid, membership, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("Domain {Domain}: node {Node} did not take version {Version} of the member list: {Reason}",
                membership.DomainUid, nodeId, membership.Version, e.Message);
            return false;
        }
    }
}
