using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Federation.Harness;

/// <summary>What one node's objects say about one domain, as <c>kubectl get</c> would show it there.</summary>
/// <param name="Membership">The member list in the dtDomain's memberList annotation.</param>
/// <param name="Peers">The dtDomain's <c>peers</c>, sorted.</param>
/// <param name="PeerObjects">The names (node ids) of the node's dtPeers of this domain, sorted.</param>
public sealed record DomainView(string? Status, MemberList? MemberList, IReadOnlyList<string> Peers, IReadOnlyList<string> PeerObjects)
{
    public long Version => MemberList?.Version ?? -1;

    public IReadOnlyList<string> MemberIds => MemberList is null ? [] : [.. MemberList.Members.Select(m => m.NodeId).Order(StringComparer.Ordinal)];
}
