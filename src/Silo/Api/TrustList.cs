using Dtaas.Grains.Interfaces.Trusts;

namespace Dtaas.Silo.Api;

/// <summary><c>GET /v1/trusts</c>: the trusts on any member the caller is a trustee or member of, and the members that did not answer in time.</summary>
public sealed record TrustList(IReadOnlyList<TrustView> Items, IReadOnlyList<string> Unreachable);
