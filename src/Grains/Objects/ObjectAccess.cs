using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Objects;

/// <summary>What the object's node knows about who may use one object: its owner (a user of this node, with this node's id; none when its owner field names no user), its direct grants and the trusts linking it.</summary>
public sealed record ObjectAccess(NodePrincipal? Owner, IReadOnlyList<ObjectGrant> Grants, IReadOnlyList<TrustLink> Trusts);
