using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Objects;

/// <summary>Capabilities given directly to <paramref name="Principal"/> on one object (an entry of <c>dtServable.grants</c>).</summary>
/// <param name="NodeId">The grantee's node id when known at the grant: only that node's user holds it; null goes by name.</param>
public sealed record ObjectGrant(Principal Principal, Capability Capabilities, string? NodeId = null)
{
    /// <summary>Whether this grant is to <paramref name="principal"/> of node <paramref name="nodeId"/>.</summary>
    public bool IsTo(Principal principal, string nodeId) => new NodePrincipal(Principal, NodeId).Is(principal, nodeId);
}
