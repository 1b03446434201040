using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Domains;

/// <summary>
/// Which federation domain a local dtDomain stands for. On the creator that is the object's own uid; on a member it
/// is the uid in the invite token it joined with (its own object has a uid of its own).
/// </summary>
public static class DomainIdentity
{
    public static Guid? DomainUidOf(DtDomain domain) =>
        domain.Spec?.Peer is { } peer
            ? InviteToken.TryParse(peer.InviteToken, out var token, out _) ? token.DomainUid : null
            : Guid.TryParse(domain.Metadata.Uid, out var uid) ? uid : null;

    /// <summary>The grain key (<c>namespace/name</c>) of the local dtDomain for <paramref name="domainUid"/>; with
    /// <paramref name="createdHere"/> only a domain this node created. Objects being deleted still count: they are leaving.</summary>
    public static string? LocalKey(IEnumerable<DtDomain> domains, Guid domainUid, bool createdHere = false) =>
        domains.FirstOrDefault(d => DomainUidOf(d) == domainUid && (!createdHere || d.Spec?.Peer is null)) is { } found
            ? ObjectKey.Of(found).ToString()
            : null;

    /// <summary>This node's member entries in the other local domains (their overlay networks and UDP ports are taken).</summary>
    public static IEnumerable<DomainMember> OwnEntries(IEnumerable<DtDomain> domains, string nodeId, Guid except) =>
        domains.Select(DomainAnnotations.ReadMemberList)
            .Where(m => m is not null && m.DomainUid != except)
            .Select(m => m!.Find(nodeId))
            .OfType<DomainMember>();
}
