using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Orleans;

namespace Dtaas.Grains.Trusts;

/// <summary>
/// Asks an object's node to approve linking it into a trust, for a user of this node: the object's node decides (the
/// user holds MANAGE and what the trust gives) and keeps the approval; it honours no link it did not approve. Asked
/// by the trust's home for its own users, or by a trustee's own node for a trust kept on another member.
/// </summary>
public sealed class TrustLinkApproval(IGrainFactory grains, IFederationClient federation, NodeDescription node, ILocalObjects objects, string @namespace)
{
    /// <summary>Why the link was not approved, or null when it was.</summary>
    public async Task<TrustAnswer?> RefusalAsync(VerifiedPrincipal caller, string homeNodeId, string trustId, string nodeName, string objectId, Capability capabilities,
        CancellationToken cancellationToken)
    {
        if (nodeName == node.Name)
        {
            var answer = await grains.GetGrain<IServableDirectoryGrain>(@namespace)
                .Act(caller, null, objectId, new ServableAction.Link(trustId, homeNodeId, capabilities), cancellationToken);
            return answer.Outcome == ServableOutcome.Done ? null
                : answer.Outcome == ServableOutcome.Hidden ? Unseen(caller, nodeName, objectId)
                : TrustAnswer.Refused(answer.Outcome, answer.Error!);
        }
        if (Member(nodeName) is not { } member)
        {
            return NotShared(nodeName);
        }
        try
        {
            await federation.LinkTrustObjectAsync(member.NodeId, member.Domain, caller, homeNodeId, trustId, objectId, capabilities, cancellationToken);
            return null;
        }
        catch (KeyNotFoundException)
        {
            return Unseen(caller, nodeName, objectId);
        }
        catch (UnauthorizedAccessException e)
        {
            return TrustAnswer.Refused(ServableOutcome.Forbidden, e.Message);
        }
        catch (ArgumentException e)
        {
            return TrustAnswer.Refused(ServableOutcome.Invalid, e.Message);
        }
        catch (Exception e) when (e is FederationCallException or TimeoutException or InvalidOperationException)
        {
            return TrustAnswer.Refused(ServableOutcome.Unreachable, $"node {nodeName} did not approve the link: {e.Message}");
        }
    }

    /// <summary>The member named <paramref name="nodeName"/> in a domain this node shares, and that domain.</summary>
    public DomainPeer? Member(string nodeName) =>
        SharingDomain.Peer(SharingDomain.Of(objects.Domains().Where(d => d.Metadata.Namespace == @namespace), objects.Peers(), node.Id), nodeName, node.Id);

    public static TrustAnswer NotShared(string nodeName) => TrustAnswer.Refused(ServableOutcome.Invalid, $"node {nodeName} shares no domain with this node");

    private static TrustAnswer Unseen(VerifiedPrincipal caller, string nodeName, string objectId) =>
        TrustAnswer.Refused(ServableOutcome.Missing, $"no object {objectId} on node {nodeName} that {caller.Principal} may see");
}
