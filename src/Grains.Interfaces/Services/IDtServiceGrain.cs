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

    /// <summary>The registry pushes a newer state of the network.</summary>
    [Alias("ApplyNetwork"), NodeInternal]
    Task ApplyNetwork(ServiceNetwork network, CancellationToken cancellationToken);
}
