using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>What anyone may know of a user: its name, its principal and its home node's name.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.UserEntry")]
public sealed record UserEntry([property: Id(0)] string Username, [property: Id(1)] Principal Principal, [property: Id(2)] string Node);
