using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;

namespace Dtaas.Grains.Domains;

/// <summary>
/// What DTaaS writes on a dtDomain, as a pure function of the object and this node. A domain created here gets an
/// invite token that names it, this node and this node's key, and is Ready; a token that no longer matches (edited
/// by hand, copied from another domain or node) is replaced.
/// </summary>
public static class DomainReconciler
{
    public static DtDomain Desired(DtDomain observed, NodeDescription node, Func<Guid, InviteToken> issue)
    {
        if (observed.Metadata.DeletionTimestamp is not null)
        {
            return observed;
        }
        if (observed.Spec?.Peer is { } peer)
        {
            return Joining(observed, peer);
        }
        if (!Guid.TryParse(observed.Metadata.Uid, out var uid))
        {
            return observed with { Status = DtDomainStatus.Failed, Message = $"metadata.uid '{observed.Metadata.Uid}' is not a UUID; the API server must assign one." };
        }
        var token = IsOurs(observed.InviteToken, uid, node) ? observed.InviteToken : issue(uid).Encode();
        return observed with { InviteToken = token, Status = DtDomainStatus.Ready, Message = null };
    }

    private static DtDomain Joining(DtDomain observed, DtDomainPeer peer)
    {
        string? problem = string.IsNullOrWhiteSpace(peer.Address) ? "spec.peer.address is empty: give the creator's public address, host[:port]."
            : string.IsNullOrWhiteSpace(peer.InviteToken) ? "spec.peer.inviteToken is empty: copy the Invite Token from the creator's dtDomain."
            : !InviteToken.TryParse(peer.InviteToken, out _, out var error) ? $"spec.peer.inviteToken is not a DTaaS invite token: {error}."
            : null;
        return problem is not null
            ? observed with { InviteToken = null, Status = DtDomainStatus.Failed, Message = problem }
            : observed with { InviteToken = null, Status = DtDomainStatus.Pending, Message = "Joining a domain through spec.peer is not available on this node yet." };
    }

    private static bool IsOurs(string? encoded, Guid uid, NodeDescription node) =>
        InviteToken.TryParse(encoded, out var token, out _) &&
        token.DomainUid == uid &&
        token.CreatorNodeId == node.Id &&
        token.CreatorPublicKey.ToBase64() == node.PublicKey;
}
