using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Interfaces.Users;

/// <summary>
/// The user directory across the node's domains (key: the silo's namespace). It sends every member of every shared
/// domain the set of this node's Ready users, and places the replicas of the sets other members send.
/// </summary>
[Alias("dtaas.UserCatalogGrain")]
public interface IUserCatalogGrain : IGrainWithStringKey
{
    /// <summary>A local user, a domain or its member list changed: send the new set, drop replicas whose node left.</summary>
    /// <remarks>
    /// Interleaves with the sets members send (<see cref="ApplyUsers"/>): the dtDomain grain waits for this in the turn
    /// that applies a member list, and in a burst of joins every new member's set is queued here at the same time.
    /// </remarks>
    [AlwaysInterleave]
    [Alias("Refresh")]
    Task Refresh(CancellationToken cancellationToken);

    /// <summary>Member <paramref name="fromNodeId"/> (authenticated by the overlay) sends its users.</summary>
    [Alias("ApplyUsers")]
    Task ApplyUsers(UserSet set, string fromNodeId, CancellationToken cancellationToken);
}
