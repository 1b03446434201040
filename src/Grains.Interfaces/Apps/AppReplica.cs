namespace Dtaas.Grains.Interfaces.Apps;

/// <summary>What a member's replica of <paramref name="App"/> should be: shared through these domains (uids, and
/// their names on this node, which become the replica's <c>domainSelector</c>).</summary>
public sealed record AppReplica(SharedApp App, IReadOnlyList<Guid> DomainUids, IReadOnlyList<string> DomainNames);
