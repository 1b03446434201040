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
            (nodeId, memberList, ct) => federation.ApplyMembershipAsync(nodeId, memberList.DomainUid, memberList, ct),
            (wanted, delivered) => delivered is not null && delivered.DomainUid == wanted.DomainUid && delivered.Version >= wanted.Version,
            (nodeId, memberList) => $"Domain {memberList.DomainUid}: version {memberList.Version} of the member list for member {nodeId}",
            callTimeout, logger);
    }

    /// <summary>Makes <paramref name="memberList"/> the list to deliver, unless a newer one is, and starts delivering it.</summary>
    public void Publish(MemberList memberList)
    {
        if (_latest is not null && memberList.Version < _latest.Version)
        {
            return;
        }
        _latest = memberList;
        _pusher.Want(memberList.Members.Where(m => m.NodeId != _creatorNodeId).ToDictionary(m => m.NodeId, _ => memberList, StringComparer.Ordinal));
    }

    /// <summary>Pushes again to the members that have not taken the latest list.</summary>
    public void PushPending() => _pusher.PushPending();

    /// <summary>Pushes <paramref name="memberList"/> to one node and waits for it (dissolving, or telling a removed node).</summary>
    public async Task<bool> PushAsync(MemberList memberList, string nodeId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_callTimeout);
        try
        {
            await _federation.ApplyMembershipAsync(nodeId, memberList.DomainUid, memberList, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("Domain {Domain}: node {Node} did not take version {Version} of the member list: {Reason}",
                memberList.DomainUid, nodeId, memberList.Version, e.Message);
            return false;
        }
    }
}
