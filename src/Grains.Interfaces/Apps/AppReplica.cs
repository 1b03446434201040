using Orleans;

namespace Dtaas.Grains.Interfaces.Apps;

/// <summary>What a member's replica of <paramref name="App"/> should be: shared through these domains (uids, and
/// their names on this node, which become the replica's <c>domainSelector</c>).</summary>
[GenerateSerializer, Immutable, Alias("dtaas.AppReplica")]
public sealed record AppReplica([property: Id(0)] SharedApp App, [property: Id(1)] IReadOnlyList<Guid> DomainUids, [property: Id(2)] IReadOnlyList<string> DomainNames);
