using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Domains;

/// <summary>A local dtDomain through which apps are shared: this node and the creator are in its member list.</summary>
public sealed record SharingDomain(string Name, MemberList MemberList)
{
    public Guid Uid => MemberList.DomainUid;

    /// <summary>
    /// The domains shared with other nodes, each with the member entries this node accepts: an entry that claims a name
    /// or node id first met with another key (<see cref="NodeClaims"/>) is left out, so nothing goes to it or comes from it.
    /// </summary>
    public static IReadOnlyList<SharingDomain> Of(IEnumerable<DtDomain> domains, IEnumerable<DtPeer> peers, string selfNodeId)
    {
        var shared = Shared(domains, selfNodeId);
        var claims = NodeClaims.Of(shared, peers, selfNodeId);
        return [.. shared.Select(d => new SharingDomain(d.Domain.Metadata.Name!,
            d.MemberList with { Members = [.. d.MemberList.Members.Where(m => claims.Refusal(d.MemberList.DomainUid, m.NodeId) is null)] }))];
    }

    /// <summary>Which member entries of the shared domains this node accepts (and why not the others).</summary>
    public static NodeClaims Claims(IEnumerable<DtDomain> domains, IEnumerable<DtPeer> peers, string selfNodeId) =>
        NodeClaims.Of(Shared(domains, selfNodeId), peers, selfNodeId);

    private static List<(DtDomain Domain, MemberList MemberList)> Shared(IEnumerable<DtDomain> domains, string selfNodeId) =>
        [.. domains
            .Where(d => d.Metadata.DeletionTimestamp is null && d.Metadata.Name is not null)
            .Select(d => (Domain: d, MemberList: DomainAnnotations.ReadMemberList(d), Uid: DomainIdentity.DomainUidOf(d)))
            .Where(d => d.MemberList is { } m && m.DomainUid == d.Uid && m.Find(selfNodeId) is not null && m.Find(m.CreatorNodeId) is not null)
            .Select(d => (d.Domain, d.MemberList!))];

    /// <summary>Every other node of <paramref name="domains"/> once, through the first of them that has it.</summary>
    public static IReadOnlyList<DomainPeer> Peers(IEnumerable<SharingDomain> domains, string selfNodeId) =>
        [.. domains.SelectMany(d => d.PeersOf(selfNodeId)).DistinctBy(p => p.NodeId, StringComparer.Ordinal)];

    /// <summary>
    /// The id of the node named <paramref name="nodeName"/> as this node knows it now: this node itself, or a member of
    /// a domain of <paramref name="namespace"/> shared with it; null when none is.
    /// </summary>
    public static string? NodeIdOf(ILocalObjects objects, NodeDescription self, string @namespace, string nodeName) =>
        string.Equals(nodeName, self.Name, StringComparison.OrdinalIgnoreCase)
            ? self.Id
            : Peer(Of(objects.Domains().Where(d => d.Metadata.Namespace == @namespace), objects.Peers(), self.Id), nodeName, self.Id)?.NodeId;

    /// <summary>
    /// The other node named <paramref name="nodeName"/>, through the first of <paramref name="domains"/> that has it;
    /// a node name is a DNS name, so case does not matter.
    /// </summary>
    public static DomainPeer? Peer(IEnumerable<SharingDomain> domains, string nodeName, string selfNodeId) =>
        domains.SelectMany(d => d.PeersOf(selfNodeId)).FirstOrDefault(p => string.Equals(p.Name, nodeName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The members of this domain other than this node, each reached through this domain.</summary>
    public IEnumerable<DomainPeer> PeersOf(string selfNodeId) =>
        MemberList.Members.Where(m => m.NodeId != selfNodeId).Select(m => new DomainPeer(m.NodeId, m.Name, Uid));
}
