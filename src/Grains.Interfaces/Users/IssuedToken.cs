using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>A login: the bearer token (shown once, never stored), how long it lives and whose it is.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.IssuedToken")]
public sealed record IssuedToken([property: Id(0)] string AccessToken, [property: Id(1)] TimeSpan ExpiresIn, [property: Id(2)] VerifiedPrincipal User);
