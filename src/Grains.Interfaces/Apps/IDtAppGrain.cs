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

    /// <summary>
    /// Creates this dtApp or changes it, as <c>kubectl apply</c> does: <paramref name="desired"/>'s serviceSelector,
    /// domainSelector, spec and labels over the object as the node last saw it (what DTaaS writes, its URI, status and
    /// annotations, stays), stored through the node's Kubernetes API. The answer is the API's: 201 or 200 with the
    /// object, or its refusal (422 with the validation message, 409 when it changed meanwhile) — and a 409 for a
    /// replica of another member's app, which only its origin changes. The node reconciles the change as kubectl's,
    /// so <see cref="Get"/> shows it once the node's watch has it.
    /// </summary>
    [Alias("Apply")]
    Task<ObjectWrite<DtApp>> Apply(DtApp desired, CancellationToken cancellationToken = default);

    /// <summary>Deletes this dtApp, as <c>kubectl delete</c> does: 200, 404 when there is none, 409 for a replica.</summary>
    [Alias("Delete")]
    Task<ObjectWrite<DtApp>> Delete(CancellationToken cancellationToken = default);

    /// <summary>The node's domains changed: an origin app brings its <c>message</c> up to date (which domains it reaches).</summary>
    [Alias("Recheck"), NodeInternal]
    Task Recheck(CancellationToken cancellationToken);

    /// <summary>The catalog's decision for this replica: create or update it as <paramref name="replica"/>, or delete it (null).</summary>
    [Alias("Replicate"), NodeInternal]
    Task Replicate(AppReplica? replica, CancellationToken cancellationToken);
}
