using Orleans;

namespace Dtaas.Grains.Interfaces.Objects;

/// <summary>
/// A caller whose identity was checked before the grain call: by its bearer token on its home node, or (for federation)
/// by the overlay admission that knows the calling member. Grains decide on it and never on what a request claims.
/// </summary>
/// <param name="Principal"><c>username@node name</c>, what grants name.</param>
/// <param name="Id">Its node id and user id, what travels between nodes.</param>
[GenerateSerializer, Immutable, Alias("dtaas.VerifiedPrincipal")]
public sealed record VerifiedPrincipal([property: Id(0)] Principal Principal, [property: Id(1)] PrincipalId Id);
