using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;

namespace Dtaas.Grains.Domains;

/// <summary>
/// What DTaaS writes on a dtDomain, as pure functions of the object, this node and the member list. A domain created
/// here gets an invite token that names it, this node and this node's key, and is Ready; a token that no longer matches
/// (edited by hand, copied from another domain or node) is replaced, and the rotation annotation draws a new one.
/// A domain joined through <c>spec.peer</c> is checked before anything is sent, and shows the list the creator gave.
/// </summary>
public static class DomainReconciler
{
    /// <summary>The creator's token and status; for a joiner only the check of <c>spec.peer</c> (Failed naming the field).</summary>
    public static DtDomain Desired(DtDomain observed, NodeDescription node, Func<Guid, InviteToken> issue)
    {
        if (observed.Metadata.DeletionTimestamp is not null)
        {
            return observed;
        }
        if (observed.Spec?.Peer is { } peer)
        {
            return JoinProblem(peer) is { } problem
                ? observed with { InviteToken = null, Status = DtDomainStatus.Failed, Message = problem }
                : observed with { InviteToken = null };
        }
        if (!Guid.TryParse(observed.Metadata.Uid, out var uid))
        {
            return observed with { Status = DtDomainStatus.Failed, Message = $"metadata.uid '{observed.Metadata.Uid}' is not a UUID; the API server must assign one." };
        }
        if (DomainAnnotations.RotationRequested(observed) || !IsOurs(observed.InviteToken, uid, node))
        {
            // A new secret: every token issued before stops opening joins, and the use count starts again.
            var rotated = DomainAnnotations.With(observed, (DomainAnnotations.RotateInviteToken, null), (DomainAnnotations.InviteUses, null));
            return rotated with { InviteToken = issue(uid).Encode(), Status = DtDomainStatus.Ready, Message = null };
        }
        return observed with { Status = DtDomainStatus.Ready, Message = null };
    }

    /// <summary>What is wrong with <c>spec.peer</c> before any attempt to join, or null.</summary>
    public static string? JoinProblem(DtDomainPeer peer) =>
        string.IsNullOrWhiteSpace(peer.Address) ? "spec.peer.address is empty: give the creator's public address, host[:port]."
        : string.IsNullOrWhiteSpace(peer.InviteToken) ? "spec.peer.inviteToken is empty: copy the Invite Token from the creator's dtDomain."
        : !InviteToken.TryParse(peer.InviteToken, out _, out var error) ? $"spec.peer.inviteToken is not a DTaaS invite token: {error}."
        : null;

    /// <summary>The creator's object carrying <paramref name="memberList"/>: its annotation, the other members as peers, the finalizer.</summary>
    public static DtDomain WithMemberList(DtDomain domain, MemberList memberList, string nodeId)
    {
        var withList = DomainAnnotations.With(domain, (DomainAnnotations.MemberList, DomainAnnotations.Write(memberList)));
        return DomainAnnotations.WithFinalizer(withList, present: true) with { Peers = Others(memberList, nodeId) };
    }

    /// <summary>
    /// A member's object under <paramref name="memberList"/>: Ready with the other members as peers; Removed, with the
    /// reason, when the list no longer has this node (removed by the creator) or no longer has the creator (dissolved).
    /// </summary>
    public static DtDomain AsMember(DtDomain domain, MemberList memberList, string nodeId)
    {
        var withList = WithMemberList(domain, memberList, nodeId) with { InviteToken = null };
        return memberList.Find(memberList.CreatorNodeId) is null
            ? withList with { Peers = null, Status = DtDomainStatus.Removed, Message = "The domain was dissolved: its creator deleted it." }
            : memberList.Find(nodeId) is null
            ? withList with { Peers = null, Status = DtDomainStatus.Removed, Message = $"This node was removed from the domain by its creator (node {memberList.CreatorNodeId}). Delete this dtDomain and join again with a new invite token to come back." }
            : withList with { Status = DtDomainStatus.Ready, Message = null };
    }

    public static IReadOnlyList<string>? Others(MemberList memberList, string nodeId) =>
        memberList.Members.Where(m => m.NodeId != nodeId).Select(m => m.NodeId).ToList() is { Count: > 0 } others ? others : null;

    private static bool IsOurs(string? encoded, Guid uid, NodeDescription node) =>
        InviteToken.TryParse(encoded, out var token, out _) &&
        token.DomainUid == uid &&
        token.CreatorNodeId == node.Id &&
        token.CreatorPublicKey.ToBase64() == node.PublicKey;
}
