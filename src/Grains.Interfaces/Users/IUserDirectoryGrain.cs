using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>
/// The users a caller may DISCOVER (key: the namespace): this node's Ready users and the replicas of the users of the
/// members of shared domains.
/// </summary>
[Alias("dtaas.UserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    [Alias("List")]
    Task<IReadOnlyList<UserEntry>> List(VerifiedPrincipal caller, CancellationToken cancellationToken);
}
