using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Services;

/// <summary>
/// One dtService object (key <c>namespace/name</c>): this node's pod on the network of that name in the selected
/// domain. It asks the domain's registry for the pod's place, builds the pod's interface and writes the peer map.
/// </summary>
[Alias("dtaas.DtServiceGrain")]
public interface IDtServiceGrain : IReconciler
{
    /// <summary>The dtService as kubectl shows it now (status included), from the node's informer cache (so it never waits for a reconcile); null when there is none.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<DtService?> Get();

    /// <summary>
    /// Creates this dtService or changes it, as <c>kubectl apply</c> does: <paramref name="desired"/>'s spec and labels
    /// over the object as the node last saw it (its peers, status and finalizer stay), stored through the node's
    /// Kubernetes API; the answer is the API's (201 or 200 with the object, 422 with the validation message, 409).
    /// </summary>
    [Alias("Apply")]
    Task<ObjectWrite<DtService>> Apply(DtService desired, CancellationToken cancellationToken = default);

    /// <summary>Deletes this dtService, as <c>kubectl delete</c> does (the node then takes its pod off the network): 200, or 404 when there is none.</summary>
    [Alias("Delete")]
    Task<ObjectWrite<DtService>> Delete(CancellationToken cancellationToken = default);

    /// <summary>The registry pushes a newer state of the network.</summary>
    [Alias("ApplyNetwork"), NodeInternal]
    Task ApplyNetwork(ServiceNetwork network, CancellationToken cancellationToken);
}
