using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>A Ready dtUser as its home node shares it with the members of its domains: what DISCOVER needs.</summary>
/// <param name="Id">32 lowercase hex; the replica's name.</param>
/// <param name="Username">The dtUser's name on its home node.</param>
/// <param name="NodeId">The home node, the only one that speaks for the user.</param>
/// <param name="NodeName">The home node's name (on a replica: as the holder's member list names it).</param>
[GenerateSerializer, Immutable, Alias("dtaas.SharedUser")]
public sealed record SharedUser([property: Id(0)] string Id, [property: Id(1)] string Username, [property: Id(2)] string NodeId, [property: Id(3)] string NodeName);
