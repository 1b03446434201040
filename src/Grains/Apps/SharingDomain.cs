using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Apps;

/// <summary>A local dtDomain through which apps are shared: this node and the creator are in its member list.</summary>
public sealed record SharingDomain(string Name, Membership Membership)
{
    public Guid Uid => Membership.DomainUid;

    public static IReadOnlyList<SharingDomain> Of(IEnumerable<DtDomain> domains, string selfNodeId) =>
        [.. domains
            .Where(d => d.Metadata.DeletionTimestamp is null && d.Metadata.Name is not null)
            .Select(d => (d.Metadata.Name!, Membership: DomainAnnotations.ReadMembership(d), Uid: DomainIdentity.DomainUidOf(d)))
            .Where(d => d.Membership is { } m && m.DomainUid == d.Uid && m.Find(selfNodeId) is not null && m.Find(m.CreatorNodeId) is not null)
            .Select(d => new SharingDomain(d.Item1, d.Membership!))];

    /// <summary>Every other node of <paramref name="domains"/> once, through the first of them that has it.</summary>
    public static IReadOnlyList<DomainPeer> Peers(IEnumerable<SharingDomain> domains, string selfNodeId) =>
        [.. domains.SelectMany(d => d.PeersOf(selfNodeId)).DistinctBy(p => p.NodeId, StringComparer.Ordinal)];

    /// <summary>
    /// The other node named <paramref name="nodeName"/>, through the first of <paramref name="domains"/> that has it;
    /// a node name is a DNS name, so case does not matter.
    /// </summary>
    public static DomainPeer? Peer(IEnumerable<SharingDomain> domains, string nodeName, string selfNodeId) =>
        domains.SelectMany(d => d.PeersOf(selfNodeId)).FirstOrDefault(p => string.Equals(p.Name, nodeName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The members of this domain other than this node, each reached through this domain.</summary>
    public IEnumerable<DomainPeer> PeersOf(string selfNodeId) =>
        Membership.Members.Where(m => m.NodeId != selfNodeId).Select(m => new DomainPeer(m.NodeId, m.Name, Uid));
}
