using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>The trusts across the domain a caller is in: what every member that answered holds, and the names of those that did not.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.FederatedTrusts")]
public sealed record FederatedTrusts([property: Id(0)] IReadOnlyList<TrustView> Items, [property: Id(1)] IReadOnlyList<string> Unreachable);
