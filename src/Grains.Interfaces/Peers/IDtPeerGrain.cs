using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Peers;

/// <summary>
/// One dtPeer object (key <c>namespace/node-id</c>): a remote member as this node sees it. The local dtDomain grain
/// says which members exist (<see cref="Track"/>, <see cref="Forget"/>); the grain probes the member over the overlay
/// and writes <c>connected</c> and <c>latency</c>; the watcher bridge calls <see cref="Reconcile"/> when a user
/// changes or deletes the object.
/// </summary>
[Alias("dtaas.DtPeerGrain")]
public interface IDtPeerGrain : IReconciler
{
    /// <summary>The dtPeer as kubectl shows it now (status included), from the node's informer cache (so it never waits for a reconcile); null when there is none.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<DtPeer?> Get();

    [Alias("Track"), NodeInternal]
    Task Track(PeerAssignment assignment, CancellationToken cancellationToken);

    /// <summary>The member left the domain (or the domain is gone): delete the object and stop probing.</summary>
    [Alias("Forget"), NodeInternal]
    Task Forget(CancellationToken cancellationToken);
}
