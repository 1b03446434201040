using Dtaas.Grains.Interfaces.Trusts;

namespace Dtaas.Silo.Api;

/// <summary><c>GET /v1/trusts</c>: the trusts of this node the caller is a trustee or member of.</summary>
public sealed record TrustList(IReadOnlyList<TrustView> Items);
