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
}
