using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>A trust as the REST API shows it to its trustees and members.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.TrustView")]
public sealed record TrustView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Node,
    [property: Id(3)] IReadOnlyList<string> Trustees,
    [property: Id(4)] IReadOnlyList<string> Members,
    [property: Id(5)] IReadOnlyList<TrustLinkView> Objects,
    [property: Id(6)] long Version);

/// <summary>One object a trust links: its node's name, its id and what the trust gives on it (upper-case names).</summary>
[GenerateSerializer, Immutable, Alias("dtaas.TrustLinkView")]
public sealed record TrustLinkView([property: Id(0)] string Node, [property: Id(1)] string Id, [property: Id(2)] IReadOnlyList<string> Capabilities);
