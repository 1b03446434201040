using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>
/// One dtUser object on its home node (key <c>namespace/username</c>): gives it its id and says whether it can log in.
/// The password stays in the Secret <c>spec.passwordSecretRef</c> names; the grain reads it to check one and keeps nothing.
/// </summary>
[Alias("dtaas.DtUserGrain")]
public interface IDtUserGrain : IGrainWithStringKey
{
    /// <summary>The object changed: write <c>id</c>, <c>status</c> and <c>message</c>; a time to look again when it waits for its Secret.</summary>
    [Alias("Reconcile")]
    Task<TimeSpan?> Reconcile(CancellationToken cancellationToken);

    /// <summary>The user when it is Ready and <paramref name="password"/> is its password; null otherwise, whatever the reason.</summary>
    [Alias("Verify")]
    Task<VerifiedPrincipal?> Verify(string password, CancellationToken cancellationToken);
}
