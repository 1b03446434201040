using Dtaas.Grains.Interfaces.Objects;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>
/// One dtUser object (key <c>namespace/name</c>). On its home node (named by the username): gives it its id and says
/// whether it can log in; the password stays in the Secret <c>spec.passwordSecretRef</c> names, read to check one and
/// never kept. On another member (a replica, named by the id): exactly what the node's user catalog placed.
/// </summary>
[Alias("dtaas.DtUserGrain")]
public interface IDtUserGrain : IReconciler
{
    /// <summary>
    /// The user when it is Ready and <paramref name="password"/> is its password (or hashes to the Argon2id hash its Secret
    /// holds); null otherwise, whatever the reason, after the same work. Read-only: concurrent logins check in parallel.
    /// </summary>
    [Alias("Verify"), ReadOnly]
    Task<PasswordMatch?> Verify(string password, CancellationToken cancellationToken);

    /// <summary>The user catalog places this replica of another node's user, or removes it (null).</summary>
    [Alias("Replicate")]
    Task Replicate(SharedUser? replica, CancellationToken cancellationToken);
}
