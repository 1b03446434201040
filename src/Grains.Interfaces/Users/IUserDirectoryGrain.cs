using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>
/// The users a caller may DISCOVER (key: the namespace). Node-local for now: this node's Ready users; federation adds
/// the users of the members of shared domains.
/// </summary>
[Alias("dtaas.UserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    [Alias("List")]
    Task<IReadOnlyList<UserEntry>> List(VerifiedPrincipal caller, CancellationToken cancellationToken);
}
