using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>A right password: whose it is, and the fingerprint of the Secret it was checked against (a token dies when that changes).</summary>
[GenerateSerializer, Immutable, Alias("dtaas.PasswordMatch")]
public sealed record PasswordMatch([property: Id(0)] VerifiedPrincipal User, [property: Id(1)] string SecretFingerprint);
