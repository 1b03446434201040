using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>
/// A login's outcome: a token, or none (wrong username or password, the two not told apart), or none because the source
/// tried too often (<see cref="RetryAfter"/>: when it may try again; the password was not checked).
/// </summary>
[GenerateSerializer, Immutable, Alias("dtaas.LoginAnswer")]
public sealed record LoginAnswer([property: Id(0)] IssuedToken? Issued, [property: Id(1)] TimeSpan? RetryAfter)
{
    public static LoginAnswer Refused { get; } = new(null, null);
}
