using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Apps;

/// <summary>
/// One dtApp object (key <c>namespace/name</c>). On the origin it gives the app its id and URI and tells the node's
/// catalog; on a member it is a replica (name = the id) that the catalog places and the grain keeps as placed.
/// </summary>
[Alias("dtaas.DtAppGrain")]
public interface IDtAppGrain : IReconciler
{
    /// <summary>The dtApp as kubectl shows it now (status included), from the node's informer cache (so it never waits for a reconcile); null when there is none.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<DtApp?> Get();

    /// <summary>The node's domains changed: an origin app brings its <c>message</c> up to date (which domains it reaches).</summary>
    [Alias("Recheck"), NodeInternal]
    Task Recheck(CancellationToken cancellationToken);

    /// <summary>The catalog's decision for this replica: create or update it as <paramref name="replica"/>, or delete it (null).</summary>
    [Alias("Replicate"), NodeInternal]
    Task Replicate(AppReplica? replica, CancellationToken cancellationToken);
}
