using Orleans;

namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>
/// A domain's member list as its creator keeps it and pushes it. Every change increments <see cref="Version"/>; a
/// member applies only a newer version, so pushes may arrive late, twice or out of order.
/// </summary>
/// <param name="OverlayNetwork">The domain's /16 inside 100.64.0.0/10, e.g. <c>100.64.0.0/16</c>; the creator is <c>.0.1</c>.</param>
/// <param name="Members">Every member, the creator first.</param>
[GenerateSerializer, Immutable, Alias("dtaas.Membership")]
public sealed record MemberList([property: Id(0)] Guid DomainUid, [property: Id(1)] string CreatorNodeId, [property: Id(2)] long Version, [property: Id(3)] string OverlayNetwork, [property: Id(4)] IReadOnlyList<DomainMember> Members)
{
    public DomainMember? Find(string nodeId) => Members.FirstOrDefault(m => m.NodeId == nodeId);

    /// <summary>Equal content, compared by value (records compare lists by reference).</summary>
    public bool SameAs(MemberList other) =>
        DomainUid == other.DomainUid && CreatorNodeId == other.CreatorNodeId && Version == other.Version &&
        OverlayNetwork == other.OverlayNetwork && Members.SequenceEqual(other.Members);
}
