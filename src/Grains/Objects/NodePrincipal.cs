using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Objects;

/// <summary>
/// A principal as an entry (an owner, a grant, a trust's trustee or member) names it: <c>username@node</c>, and the
/// node's id when it was known at the entry. A node is its key, so an entry with an id holds for that node's user only,
/// never for a later node of the same name; one without (made before ids were kept, or naming a node not met then)
/// goes by name.
/// </summary>
public sealed record NodePrincipal(Principal Principal, string? NodeId)
{
    /// <summary>Whether this entry names <paramref name="principal"/> of node <paramref name="nodeId"/>.</summary>
    public bool Is(Principal principal, string nodeId) => Principal == principal && (NodeId is null || NodeId == nodeId);
}
